package io.layerloom.app.designer.view;

import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** Blocks on the canvas, headless: ResNet-18 as a dozen cards, expand, make, repeat and undo. */
@ExtendWith(ApplicationExtension.class)
class BlockCanvasTest {

    private DocumentViewModel document;
    private CanvasViewModel model;
    private CanvasView canvas;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        document = DocumentViewModel.direct(Templates.graph(Templates.byId("resnet18").orElseThrow()));
        model = new CanvasViewModel(document);
        canvas = new CanvasView(model);
        stage.setScene(new Scene(canvas, 1000, 900));
        stage.show();
    }

    private int cards(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return canvas.content.nodeViews().size();
    }

    private NodeView card(String nodeId) {
        return canvas.content.nodeViews().stream().filter(v -> v.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    @Test
    void resnet18OpensAsTwelveCardsEachBlockShowingItsFigures(FxRobot robot) {
        assertEquals(12, cards(robot));
        NodeView block = card("layer2.0.relu2");
        assertNotNull(block.block());
        assertEquals("layer2.0", block.block().blockId());
        assertEquals("BasicBlock", block.block().type());
        assertEquals("64x56x56 \u2192 128x28x28", block.block().shapes());
        assertEquals("231 K params \u00B7 180 M MACs", block.block().cost());
        assertEquals("RF +7x7 /2", block.block().field());
        assertEquals(BlockCard.HEIGHT, block.getHeight());
        // The wire from the stem's card reaches layer1.0's card, not a hidden layer.
        assertNull(canvas.nodeView("layer1.0.conv1"));
    }

    @Test
    void doubleClickExpandsInPlaceAndUndoCollapsesAgain(FxRobot robot) {
        NodeView block = card("layer1.0.relu2");
        double y = block.getLayoutY();
        robot.doubleClickOn(block);
        assertEquals(12 - 1 + 7, cards(robot));
        assertFalse(document.graph().block("layer1.0").orElseThrow().collapsed());
        assertEquals(y, card("layer1.0.conv1").getLayoutY(), "the block's top layer takes the card's place");
        assertEquals("Undo Expand layer1.0", document.undoTextProperty().get());
        robot.interact(document::undo);
        assertEquals(12, cards(robot));
    }

    @Test
    void makeBlockFromASelectionThenCollapseRepeatAndUndo(FxRobot robot) {
        robot.interact(() -> {
            model.blocks().ungroup("stem");
            document.select(List.of("conv1", "bn1"));
        });
        assertEquals(15, cards(robot), "the stem's four layers on their own cards");
        robot.interact(() -> assertEquals(Optional.empty(), model.blocks().makeBlock("head", "Conv-BN")));
        robot.interact(() -> model.blocks().setCollapsed("head", true));
        assertEquals(14, cards(robot));
        assertEquals("Conv-BN", card("bn1").block().type());

        robot.interact(() -> assertEquals(Optional.empty(), model.blocks().repeat("layer4.1", 2)));
        assertEquals(16, cards(robot), "two more BasicBlocks, collapsed like the one repeated");
        Graph g = document.graph();
        assertEquals(List.of("layer4.3.relu2"), g.require("avgpool").inputs());
        robot.interact(document::undo);
        assertEquals(14, cards(robot));
        assertEquals(List.of("layer4.1.relu2"), document.graph().require("avgpool").inputs());
    }

    @Test
    void theSvgPictureShowsEveryLayerWithBlocksExpandedInPlace() {
        Graph g = Templates.graph(Templates.byId("resnet18").orElseThrow());
        Graph flat = g;
        for (int i = g.blocks().size() - 1; i >= 0; i--) {
            flat = new io.layerloom.model.graph.Edit.Ungroup(g.blocks().get(i).id()).apply(flat);
        }
        String svg = GraphPicture.svg(g, io.layerloom.model.analysis.GraphAnalysis.analyze(g), java.util.Map.of());
        assertEquals(GraphPicture.svg(flat, io.layerloom.model.analysis.GraphAnalysis.analyze(flat), java.util.Map.of()), svg);
        assertTrue(svg.contains("id=\"node-layer1.0.conv1\""));
    }

    @Test
    void draggingACollapsedCardMovesTheBlockAndDeletingItDeletesItsLayers(FxRobot robot) {
        NodeView block = card("layer1.1.relu2");
        robot.drag(block).dropBy(200, 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Undo Move layer1.1", document.undoTextProperty().get());
        assertTrue(document.graph().block("layer1.1").orElseThrow().position().orElseThrow().x() > 200);
        robot.interact(() -> {
            document.select(List.of("layer1.1.relu2"));
            model.deleteSelection();
        });
        assertFalse(document.graph().contains("layer1.1.conv1"));
        assertTrue(document.graph().block("layer1.1").isEmpty());
    }

    @Test
    void aProblemInsideACollapsedBlockShowsOnItsCardAndZoomedOutTheCardIsNamedByItsBlock(FxRobot robot) {
        robot.interact(() -> document.apply(new io.layerloom.model.graph.Edit.SetParam("layer2.0.conv2", "kernel",
                io.layerloom.model.layer.IntPair.of(40))));
        NodeView block = card("layer2.0.relu2");
        assertTrue(block.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("error")), "the card is red");
        assertTrue(block.block().details().contains("layer2.0.conv2") || block.block().details().contains("40x40"),
                block.block().details());
        assertFalse(card("layer1.0.relu2").getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("error")));
        // Zoomed out, the card has the colour of its heaviest layer (a convolution) and its block's name.
        assertEquals(io.layerloom.model.layer.Family.CONVOLUTION, card("layer1.0.relu2").family());
        assertEquals(io.layerloom.model.layer.Family.CONVOLUTION, card("layer4.1.relu2").family(),
                "below the error its parameters are unknown: still its convolutions' colour");
        robot.interact(() -> {
            for (int i = 0; i < 12 && !canvas.isOverview(); i++) {
                canvas.zoomOut();
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> canvas.layout());
        List<String> labels = canvas.overviewLabels();
        assertTrue(labels.contains("layer1.0 BasicBlock"), labels.toString());
        assertTrue(labels.containsAll(List.of("layer1", "layer2")), "the stages are still framed: " + labels);
    }
}
