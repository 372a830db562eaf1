package io.layerloom.app.designer.view;

import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canvas headless (Monocle), driven by the robot as a user would. */
@ExtendWith(ApplicationExtension.class)
class CanvasViewTest {

    private static final LayerSpec INPUT = LayerKinds.byName("Input").orElseThrow().defaults();
    private static final LayerSpec DENSE = LayerKinds.byName("Dense").orElseThrow().defaults();
    private static final LayerSpec CONV = new LayerSpec.Conv2D(8, IntPair.of(3), IntPair.of(1),
            io.layerloom.model.layer.Padding.same(), IntPair.of(2),
            io.layerloom.model.layer.ActivationFunction.RELU, true);

    private DocumentViewModel document;
    private CanvasView canvas;

    /** in -> conv; x and y unconnected beside them. */
    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        document = DocumentViewModel.direct(new Graph("t", "", List.of(
                Node.of("in", INPUT).withPosition(new Position(40, 40)),
                Node.of("conv", CONV, "in").withPosition(new Position(40, 200)),
                Node.of("x", DENSE).withPosition(new Position(340, 40)),
                Node.of("y", DENSE).withPosition(new Position(340, 220)))));
        canvas = new CanvasView(new CanvasViewModel(document));
        stage.setScene(new Scene(canvas, 800, 600));
        stage.show();
    }

    @Test
    void aLayerKindDroppedOnTheCanvasBecomesANode(FxRobot robot) {
        robot.interact(() -> assertTrue(canvas.dropKind("MaxPool2D", 700, 500)));
        WaitForAsyncUtils.waitForFxEvents();
        NodeView added = robot.lookup("#node-maxpool2d_1").queryAs(NodeView.class);
        assertNotNull(added);
        assertEquals("Undo Add MaxPool2D", document.undoTextProperty().get());
        assertEquals(List.of("maxpool2d_1"), document.selection());
        robot.interact(() -> assertFalse(canvas.dropKind("NoSuchKind", 10, 10)));
        assertEquals(5, document.graph().size());
    }

    @Test
    void draggingFromAnOutputPortToAnInputPortConnects(FxRobot robot) {
        robot.drag("#port-out-x", MouseButton.PRIMARY).dropTo("#port-in-y");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("x"), document.graph().require("y").inputs());
        assertEquals("Undo Connect x to y", document.undoTextProperty().get());
        assertEquals(1, robot.lookup(".wire").queryAll().stream().filter(n -> n.getId().equals("wire-x-y")).count());
    }

    @Test
    void aRefusedWireShowsWhyAndIsNotDrawn(FxRobot robot) {
        // conv already has its one input: a second one is refused
        robot.drag("#port-out-x", MouseButton.PRIMARY).moveTo("#node-conv");
        WaitForAsyncUtils.waitForFxEvents();
        Label refusal = canvas.refusal;
        assertTrue(refusal.isVisible());
        assertEquals("Cannot connect: Conv2D 'conv' takes one input and already has 'in'; use Add or Concat to merge several inputs",
                refusal.getText());
        assertTrue(robot.lookup("#node-conv").query().getPseudoClassStates().contains(NodeView.DROP_REFUSED));
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(refusal.isVisible());
        assertEquals(List.of("in"), document.graph().require("conv").inputs());
        assertFalse(robot.lookup("#node-conv").query().getPseudoClassStates().contains(NodeView.DROP_REFUSED));
    }

    @Test
    void selectAndDeleteRemovesTheNodeAndItsWires(FxRobot robot) {
        robot.clickOn("#node-in");
        assertEquals(List.of("in"), document.selection());
        assertTrue(robot.lookup("#node-in").query().getPseudoClassStates().contains(NodeView.SELECTED));
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("conv", "x", "y"), document.graph().nodes().stream().map(Node::id).toList());
        assertEquals(List.of(), document.graph().require("conv").inputs());
        assertTrue(robot.lookup("#node-in").tryQuery().isEmpty());
        assertTrue(robot.lookup("#wire-in-conv").tryQuery().isEmpty());
    }

    @Test
    void shiftClickAddsAndARubberBandSelects(FxRobot robot) {
        robot.clickOn("#node-x");
        robot.press(KeyCode.SHIFT).clickOn("#node-y").release(KeyCode.SHIFT);
        assertEquals(List.of("x", "y"), document.selection());
        // a band over the left column only
        javafx.geometry.Bounds in = robot.lookup("#node-in").query().localToScreen(robot.lookup("#node-in").query().getBoundsInLocal());
        robot.moveTo(in.getMinX() - 20, in.getMinY() - 20).press(MouseButton.PRIMARY)
                .moveTo(in.getMaxX() + 10, in.getMaxY() + 200).release(MouseButton.PRIMARY);
        assertEquals(List.of("in", "conv"), document.selection());
    }

    @Test
    void movingByDragIsOneUndoStepAndSnapsToTheGrid(FxRobot robot) {
        long before = document.revisionProperty().get();
        javafx.scene.Node x = robot.lookup("#node-x").query();
        NodeView view = (NodeView) x;
        double scale = canvas.getScale();
        robot.drag(x, MouseButton.PRIMARY).moveBy(30, 10).moveBy(50 * scale, 30 * scale).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, document.revisionProperty().get());
        Position p = document.graph().require("x").position().orElseThrow();
        assertEquals(0, p.x() % 20);
        assertEquals(0, p.y() % 20);
        assertTrue(p.x() > 340 && p.y() > 40, p.toString());
        assertEquals(new Position(view.getLayoutX(), view.getLayoutY()), p);
        assertEquals("Undo Move x", document.undoTextProperty().get());
        robot.interact(document::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(new Position(340, 40), new Position(view.getLayoutX(), view.getLayoutY()));
    }

    @Test
    void anEditUpdatesViewsInPlaceInsteadOfRebuildingThem(FxRobot robot) {
        javafx.scene.Node conv = robot.lookup("#node-conv").query();
        javafx.scene.Node wire = robot.lookup("#wire-in-conv").query();
        robot.interact(() -> document.apply(new Edit.SetParam("conv", "filters", 16L)));
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(conv, robot.lookup("#node-conv").query());
        assertSame(wire, robot.lookup("#wire-in-conv").query());
        assertEquals("16x28x28", ((Label) robot.lookup("#node-conv .node-shape").query()).getText());
    }

    @Test
    void anErrorShowsAsABadgeAndPseudoClass(FxRobot robot) {
        robot.interact(() -> document.apply(new Edit.SetParam("conv", "filters", 0L)));
        WaitForAsyncUtils.waitForFxEvents();
        NodeView conv = robot.lookup("#node-conv").queryAs(NodeView.class);
        assertTrue(conv.getPseudoClassStates().contains(NodeView.ERROR));
        assertTrue(conv.badgeText().contains("conv"), conv.badgeText());
    }

    @Test
    void aSelectedDilatedConvolutionShowsItsReceptiveField(FxRobot robot) {
        javafx.scene.Node panel = robot.lookup("#receptive-field-view").query();
        assertFalse(panel.isVisible());
        robot.clickOn("#node-conv");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(panel.isVisible());
        // 3x3 kernel with dilation 2 on a 28x28 input: a 5x5 field with 9 sparse taps
        assertEquals(9, robot.lookup("#receptive-field-view .rf-tap").queryAll().size());
        String caption = robot.lookup("#receptive-field-view .rf-caption").queryAs(Label.class).getText();
        assertTrue(caption.startsWith("5\u00D75 input pixels"), caption);
        robot.clickOn("#node-x");
        assertFalse(panel.isVisible());
    }

    @Test
    void wiresCanBeSelectedAndDeleted(FxRobot robot) {
        WireView wire = robot.lookup("#wire-in-conv").queryAs(WireView.class);
        javafx.geometry.Bounds b = wire.localToScreen(wire.getBoundsInLocal());
        robot.clickOn(b.getCenterX(), b.getMinY() + b.getHeight() * 0.3);
        assertTrue(wire.getPseudoClassStates().contains(WireView.SELECTED));
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), document.graph().require("conv").inputs());
        assertEquals("Undo Disconnect in from conv", document.undoTextProperty().get());
    }

    @Test
    void ctrlWheelZoomsAtThePointerAndThePlainWheelPans(FxRobot robot) {
        robot.interact(() -> {
            javafx.geometry.Point2D before = canvas.toWorld(300, 200);
            double scale = canvas.getScale();
            javafx.event.Event.fireEvent(canvas, scroll(300, 200, 0, 120, true));
            assertTrue(canvas.getScale() > scale, "zoomed in");
            javafx.geometry.Point2D after = canvas.toWorld(300, 200);
            assertEquals(before.getX(), after.getX(), 1e-6);
            assertEquals(before.getY(), after.getY(), 1e-6);
            javafx.geometry.Point2D origin = canvas.toWorld(0, 0);
            javafx.event.Event.fireEvent(canvas, scroll(300, 200, 0, -50, false));
            assertEquals(origin.getY() + 50 / canvas.getScale(), canvas.toWorld(0, 0).getY(), 1e-6);
        });
    }

    @Test
    void copyAndPasteGoThroughTheSystemClipboard(FxRobot robot) {
        robot.clickOn("#node-x");
        robot.interact(() -> {
            canvas.copy();
            assertTrue(javafx.scene.input.Clipboard.getSystemClipboard().hasContent(DesignerFormats.NODES));
            canvas.paste();
        });
        assertEquals(List.of("x_1"), document.selection());
        assertEquals(new Position(380, 80), document.graph().require("x_1").position().orElseThrow());
    }

    @Test
    void aMergeNodeTakesSeveralWires(FxRobot robot) {
        robot.interact(() -> canvas.dropKind("Add", 500, 520));
        WaitForAsyncUtils.waitForFxEvents();
        robot.drag("#port-out-x", MouseButton.PRIMARY).dropTo("#port-in-add_1");
        robot.drag("#port-out-y", MouseButton.PRIMARY).dropTo("#node-add_1");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("x", "y"), document.graph().require("add_1").inputs());
    }

    private static javafx.scene.input.ScrollEvent scroll(double x, double y, double dx, double dy, boolean control) {
        return new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL, x, y, x, y, false, control, false, false,
                false, false, dx, dy, dx, dy, javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null);
    }

    @Test
    void viewsOutOfSightLeaveTheSceneGraphAndComeBackButStillExport(@TempDir Path dir, FxRobot robot) throws Exception {
        assertEquals(4, robot.lookup(".layer-node").queryAll().size());
        robot.interact(() -> canvas.panBy(-5000, 0));
        assertEquals(0, robot.lookup(".layer-node").queryAll().size());
        assertEquals(0, robot.lookup(".wire").queryAll().size());
        Path png = dir.resolve("away.png");
        robot.interact(() -> {
            try {
                exportPng(png);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        java.awt.image.BufferedImage image = ImageIO.read(png.toFile());
        assertEquals((564 - 40 + 48) * 2, image.getWidth());
        // the card of "in" (canvas 40,40 -> picture 48,48 at scale 2) is drawn, not just background
        assertFalse(image.getRGB(4, 4) == image.getRGB(48 + 40, 48 + 40), "the card is in the picture");
        assertEquals(0, robot.lookup(".layer-node").queryAll().size());
        robot.interact(() -> canvas.panBy(5000, 0));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, robot.lookup(".layer-node").queryAll().size());
        assertEquals(1, robot.lookup(".wire").queryAll().size());
        // cards put back are laid out again: their text has room (a layout root would leave it at 0 wide)
        Label name = robot.lookup("#node-conv .node-name").queryAs(Label.class);
        assertTrue(name.getWidth() > 50 && name.getHeight() > 10, name.getWidth() + "x" + name.getHeight());
        Label shape = robot.lookup("#wire-in-conv .wire-label").queryAs(Label.class);
        assertTrue(shape.getWidth() > 20, "wire label width " + shape.getWidth());
    }

    @Test
    void revealCentresTheNodeAndAnEmptyGraphShowsTheHint(FxRobot robot) {
        robot.interact(() -> canvas.panBy(-3000, -2000));
        robot.interact(() -> document.reveal("y"));
        NodeView y = robot.lookup("#node-y").queryAs(NodeView.class);
        javafx.geometry.Point2D centre = y.localToScene(NodeView.WIDTH / 2, NodeView.HEIGHT / 2);
        // the middle of the canvas as it is laid out (800x600 alone; a window test run before may leave Monocle's screen larger)
        javafx.geometry.Point2D middle = canvas.localToScene(canvas.getWidth() / 2, canvas.getHeight() / 2);
        assertEquals(middle.getX(), centre.getX(), 1e-6);
        assertEquals(middle.getY(), centre.getY(), 1e-6);
        assertEquals(List.of("y"), document.selection());
        Label hint = robot.lookup(".canvas-hint").queryAs(Label.class);
        assertFalse(hint.isVisible());
        robot.interact(() -> document.replace(Graph.empty("empty"), null));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(hint.isVisible());
        assertEquals("Drag a layer from the palette, or File > New from Template", hint.getText());
        assertEquals(0, robot.lookup(".layer-node").queryAll().size());
    }

    /** GoogLeNet is laid out 2,800 units wide, its stem at one side: centred across, the first view was empty. */
    @Test
    void aWideGraphOpensWithItsFirstLayersInView(FxRobot robot) {
        Graph g = io.layerloom.model.template.Templates.graph(io.layerloom.model.template.Templates.byId("googlenet").orElseThrow());
        CanvasView[] view = new CanvasView[1];
        robot.interact(() -> {
            view[0] = new CanvasView(new CanvasViewModel(DocumentViewModel.direct(g)));
            Stage stage = new Stage();
            stage.setScene(new Scene(view[0], 900, 560));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view[0].contentBounds().getWidth() * view[0].getScale() > 900, "wider than the view");
        java.util.Set<String> shown = new java.util.HashSet<>();
        view[0].lookupAll(".layer-node").forEach(n -> shown.add(n.getId()));
        // The template opens with its blocks collapsed: the stem's BasicConv2d "conv1" is one card, its output layer's.
        assertTrue(shown.containsAll(List.of("node-input", "node-conv1.relu", "node-maxpool1")), shown.toString());
        assertFalse(view[0].isOverview());
    }

    @Test
    void zoomToFitShowsAWholeLongChainAsAnOverview(FxRobot robot) {
        java.util.List<Node> chain = new java.util.ArrayList<>();
        chain.add(Node.of("n0", INPUT).withPosition(new Position(40, 0)));
        for (int i = 1; i < 300; i++) {
            chain.add(Node.of("n" + i, DENSE, "n" + (i - 1)).withPosition(new Position(40, 90 * i)));
        }
        robot.interact(() -> document.replace(new Graph("chain", "", chain), null));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(canvas::zoomToFit);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(canvas.getScale() < 0.03 && canvas.getScale() > CanvasView.MIN_SCALE, "scale " + canvas.getScale());
        assertEquals(300, robot.lookup(".layer-node").queryAll().size(), "every card is in view");
        assertTrue(canvas.isOverview());
        assertEquals(null, canvas.lookup("#node-n150 .node-name"), "no text in the overview");
        assertEquals(null, canvas.lookup("#wire-n149-n150 .wire-label"));
        javafx.scene.image.Image[] pictures = new javafx.scene.image.Image[2];
        robot.interact(() -> {
            try {
                pictures[0] = canvas.picture();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(canvas.isOverview(), "still an overview after drawing the picture");
        assertEquals(null, canvas.lookup("#node-n150 .node-name"));
        robot.interact(() -> canvas.centreOn("n150"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(canvas.isOverview(), "revealing a node zooms back to readable text");
        robot.interact(() -> {
            try {
                pictures[1] = canvas.picture();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertSamePixels(pictures[1], pictures[0]);
        Label name = (Label) canvas.lookup("#node-n150 .node-name");
        assertEquals("n150", name.getText());
        assertTrue(name.getWidth() > 20, "laid out again: " + name.getWidth());
    }

    /** The picture of the whole graph does not depend on the view's zoom: cards in full, text included. */
    private static void assertSamePixels(javafx.scene.image.Image expected, javafx.scene.image.Image actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        int w = (int) expected.getWidth();
        int h = (int) expected.getHeight();
        int[] a = new int[w * h];
        int[] b = new int[w * h];
        expected.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), a, 0, w);
        actual.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), b, 0, w);
        assertTrue(java.util.Arrays.equals(a, b), "the picture taken in the overview differs from the one taken at reading zoom");
    }

    /** As in the window: inside a split pane, analysis arriving later from another thread. */
    @Test
    void aGraphOpenedIntoAnEmptyCanvasHasItsTextLaidOut(FxRobot robot) throws Exception {
        Graph opened = document.graph();
        java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            DocumentViewModel async = new DocumentViewModel(Graph.empty("empty"), background, javafx.application.Platform::runLater);
            CanvasView[] view = new CanvasView[1];
            robot.interact(() -> {
                view[0] = new CanvasView(new CanvasViewModel(async));
                Stage stage = new Stage();
                stage.setScene(new Scene(new javafx.scene.control.SplitPane(new javafx.scene.layout.Pane(), view[0]), 900, 600));
                stage.show();
            });
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> async.replace(opened, null));
            robot.sleep(500);
            WaitForAsyncUtils.waitForFxEvents();
            Label name = (Label) view[0].lookup("#node-conv .node-name");
            assertTrue(name.getWidth() > 50 && name.getHeight() > 10, name.getWidth() + "x" + name.getHeight());
            Label shape = (Label) view[0].lookup("#wire-in-conv .wire-label");
            assertTrue(shape.getWidth() > 20, "wire label width " + shape.getWidth());
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void exportsWriteAPngAndAValidSvgOfTheWholeGraph(@TempDir Path dir, FxRobot robot) throws Exception {
        Path png = dir.resolve("g.png");
        Path svg = dir.resolve("g.svg");
        robot.interact(() -> {
            try {
                exportPng(png);
                exportSvg(svg);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        java.awt.image.BufferedImage image = ImageIO.read(png.toFile());
        // the graph spans 40..564 x 40..296 canvas units, plus a 24 margin, at scale 2
        assertEquals((564 - 40 + 48) * 2, image.getWidth());
        org.w3c.dom.Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals(4, doc.getElementsByTagName("g").getLength());
        assertEquals(1, doc.getElementsByTagName("path").getLength());
        // the wire as the canvas routes it: from in's output port (152, 116) down to conv's input (152, 200)
        assertEquals("M152.0 116.0 C152.0 158.0 152.0 158.0 152.0 200.0",
                ((org.w3c.dom.Element) doc.getElementsByTagName("path").item(0)).getAttribute("d"));
        assertTrue(Files.readString(svg).contains(">conv<"));
    }

    /** File > Export > Picture (PNG) as the window does it: the canvas's picture, written as a PNG. */
    private void exportPng(Path file) throws java.io.IOException {
        PngFiles.write(canvas.picture(), file);
    }

    /** File > Export > Picture (SVG) as the window does it: the graph drawn with the canvas's own wire routes. */
    private void exportSvg(Path file) throws java.io.IOException {
        io.layerloom.model.util.AtomicFiles.writeString(file,
                GraphPicture.svg(document.graph(), document.analysis(), canvas.svgRoutes()));
    }
}
