package io.layerloom.app.designer;

import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Training tab in the whole window, as issue 11 met it: a trained network belongs to the graph
 * it was trained on (export and the tab's results), Stop ends in an exact state without moving the
 * keyboard focus, a disabled Start says why with the fix, and the dashboard fits the window.
 * Real training (a few epochs of a tiny network on synthetic data), headless.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingStateWindowTest {

    @TempDir
    Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private DesignerWindow window;

    @Start
    void start(Stage stage) {
        window = DesignerWindow.openForTest(stage, null, dialogs);
    }

    @AfterEach
    void close() {
        WaitForAsyncUtils.asyncFx(() -> window.shutdown());
    }

    private static void settle() {
        WaitForAsyncUtils.waitForFxEvents(4);
    }

    /** A small dense network on 1x8x8 inputs with {@code units} hidden units and {@code classes} outputs. */
    private Path graph(String name, int units, int classes, int epochs) throws Exception {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"format": "layerloom-graph", "version": 1, "name": "%s",
                 "training": {"epochs": %d, "batchSize": 32, "learningRate": 0.01, "optimizer": "adam", "seed": 42},
                 "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
                  {"id": "flat", "kind": "Flatten", "inputs": ["in"]},
                  {"id": "dense", "kind": "Dense", "inputs": ["flat"], "units": %d, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["dense"], "units": %d}
                ]}""".formatted(name, epochs, units, classes));
        return file;
    }

    private void open(Path file) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.main().open(file)).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.document().file().map(file::equals).orElse(false)
                && window.document().analysis() != null && window.document().analysis().nodes().size() == 4);
        settle();
    }

    private TrainingViewModel trainingTab(FxRobot robot) throws Exception {
        robot.clickOn("#tab-training");
        settle();
        return WaitForAsyncUtils.asyncFx(() -> window.view().training().viewModel()).get();
    }

    private void chooseSynthetic(TrainingViewModel vm) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> vm.data().choose(vm.data().choices().stream()
                .filter(ch -> ch.kind() == DataChoice.Kind.SYNTHETIC).findFirst().orElseThrow())).get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.canStart().get());
    }


    private void trainToTheEnd(FxRobot robot, TrainingViewModel vm) throws Exception {
        robot.clickOn("#training-start");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#training-state").equals("Finished")
                || WindowQueries.text(robot, "#training-state").equals("Failed"));
        settle();
        assertEquals("Finished", WindowQueries.text(robot, "#training-state"), () -> WindowQueries.text(robot, "#training-status") + " " + vm.messageProperty().get());
    }

    @SuppressWarnings("unchecked")
    private static int lossPoints(FxRobot robot) {
        return robot.lookup("#chart-loss").queryAs(LineChart.class).getData().isEmpty() ? 0
                : ((LineChart<Number, Number>) robot.lookup("#chart-loss").queryAs(LineChart.class)).getData().get(0).getData().size();
    }

    private MenuItem exportModelItem() {
        MenuBar bar = (MenuBar) window.view().getTop();
        List<MenuItem> all = new ArrayList<>();
        for (Menu m : bar.getMenus()) {
            collect(m, all);
        }
        return all.stream().filter(i -> "menu-export-model".equals(i.getId())
                        || i.getText() != null && i.getText().startsWith("Trained DL4J Model"))
                .findFirst().orElseThrow(() -> new AssertionError("no Export > Trained DL4J Model item"));
    }

    private static void collect(Menu menu, List<MenuItem> into) {
        for (MenuItem i : menu.getItems()) {
            into.add(i);
            if (i instanceof Menu sub) {
                collect(sub, into);
            }
        }
    }

    private static String tooltipOf(Node node) {
        Object t = node.getProperties().get("javafx.scene.control.Tooltip");
        return t instanceof Tooltip tip ? tip.getText() : null;
    }

    /** The menu item's tooltip: on its content (a menu item has none of its own). */
    private static String tooltipOf(MenuItem item) {
        return item instanceof CustomMenuItem c ? tooltipOf(c.getContent()) : null;
    }

    @Test
    void anotherGraphOpensWithAnEmptyTrainingTabAndCannotExportTheFirstOnesNetwork(FxRobot robot) throws Exception {
        Path a = graph("a", 16, 3, 2);
        Path b = graph("b", 24, 3, 2);
        open(a);
        TrainingViewModel vm = trainingTab(robot);
        chooseSynthetic(vm);
        trainToTheEnd(robot, vm);
        assertTrue(lossPoints(robot) > 0);
        assertFalse(exportModelItem().isDisable(), "a's own network can be exported");

        open(b);

        // the tab starts empty: no charts, matrix, predictions or end state of a's run
        assertEquals(0, lossPoints(robot), "no loss of a's run");
        assertNull(vm.evaluationProperty().get(), "no confusion matrix of a's run");
        assertEquals(List.of(), vm.predictions());
        assertEquals("Idle", WindowQueries.text(robot, "#training-state"));
        assertFalse(WindowQueries.text(robot, "#training-status").startsWith("Finished"), WindowQueries.text(robot, "#training-status"));
        assertFalse(WindowQueries.text(robot, "#training-status").startsWith("Stopped"), WindowQueries.text(robot, "#training-status"));
        assertEquals("", WindowQueries.text(robot, "#training-progress-text"));
        assertTrue(window.view().training().layerStatistics().isEmpty(), "no statistics of a's layers on b's cards");

        // and nothing of a can be exported for b
        MenuItem export = exportModelItem();
        assertTrue(export.isDisable(), "Export > Trained DL4J Model is off for b");
        String why = tooltipOf(export);
        assertTrue(why != null && why.contains("Nothing has been trained on this graph"), String.valueOf(why));
        Path target = dir.resolve("b.dl4j.zip");
        dialogs.filesToSave.add(Optional.of(target));
        WaitForAsyncUtils.asyncFx(() -> export.fire()).get();
        WaitForAsyncUtils.asyncFx(() -> window.view().getScene()).get(); // the file thread is the calling one here or a worker
        Thread.sleep(300);
        settle();
        assertFalse(Files.exists(target), "nothing of a written as b's model");
        assertFalse(Files.exists(dir.resolve("b.dl4j.json")));
    }

    @Test
    void editingTheGraphAfterTrainingMakesItsNetworkNoLongerExportable(FxRobot robot) throws Exception {
        open(graph("a", 16, 3, 1));
        TrainingViewModel vm = trainingTab(robot);
        chooseSynthetic(vm);
        trainToTheEnd(robot, vm);
        assertFalse(exportModelItem().isDisable());

        WaitForAsyncUtils.asyncFx(() -> window.document().apply(new io.layerloom.model.graph.Edit.SetParam("dense", "units", 20L)))
                .get();
        settle();
        assertTrue(exportModelItem().isDisable(), "the network has 16 units, the graph now 20");
        assertTrue(tooltipOf(exportModelItem()).contains("changed since"), tooltipOf(exportModelItem()));

        WaitForAsyncUtils.asyncFx(() -> window.document().undo()).get();
        settle();
        assertFalse(exportModelItem().isDisable(), "the same content again: its network");
        Path target = dir.resolve("a.dl4j.zip");
        dialogs.filesToSave.add(Optional.of(target));
        WaitForAsyncUtils.asyncFx(() -> exportModelItem().fire()).get();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(dir.resolve("a.dl4j.json")));
        assertTrue(Files.readString(dir.resolve("a.dl4j.json")).contains("\"graph\": \"a.json\""),
                Files.readString(dir.resolve("a.dl4j.json")));
    }

    @Test
    void stopEndsStoppedWithoutAnEtaAndLeavesTheFocusAlone(FxRobot robot) throws Exception {
        open(graph("long", 16, 3, 500));
        TrainingViewModel vm = trainingTab(robot);
        chooseSynthetic(vm);
        robot.clickOn("#training-start");
        settle();
        assertFalse(robot.listTargetWindows().isEmpty());
        Node focusAfterStart = window.stage().getScene().getFocusOwner();
        assertFalse(focusAfterStart instanceof TextInputControl, "Start moved the focus into " + focusAfterStart);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#training-state").equals("Running")
                && !WindowQueries.text(robot, "#training-progress-text").isEmpty());
        Button start = robot.lookup("#training-start").queryButton();

        robot.clickOn("#training-stop");
        String state = WindowQueries.text(robot, "#training-state");
        assertTrue(state.equals("Stopping") || state.equals("Stopped"), "after Stop: " + state + " \u00B7 " + WindowQueries.text(robot, "#training-status"));
        if (state.equals("Stopping")) {
            assertTrue(start.isDisabled(), "Start waits for the run to end");
            assertTrue(robot.lookup("#training-pause").queryButton().isDisabled());
            assertTrue(robot.lookup("#training-stop").queryButton().isDisabled());
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#training-state").equals("Stopped"));
        settle();
        assertTrue(WindowQueries.text(robot, "#training-status").startsWith("Stopped in epoch "), WindowQueries.text(robot, "#training-status"));
        assertFalse(start.isDisabled());
        assertTrue(robot.lookup("#training-stop").queryButton().isDisabled());
        assertEquals("", WindowQueries.text(robot, "#training-progress-text"), "no ETA once the run has ended");
        Node focus = window.stage().getScene().getFocusOwner();
        assertFalse(focus instanceof TextInputControl, "Stop moved the focus into " + focus);
        assertEquals(window.document().graph().name(), "long", "no key went into a field");
    }

    @Test
    void aDisabledStartSaysWhatBlocksItAndOffersTheFix(FxRobot robot) throws Exception {
        open(graph("wrong", 16, 5, 1)); // five classes; synthetic data follows the graph, so choose digits (10 classes, 8x8)
        TrainingViewModel vm = trainingTab(robot);
        WaitForAsyncUtils.asyncFx(() -> vm.data().choose(vm.data().choices().stream()
                .filter(ch -> ch.source().equals("digits")).findFirst().orElseThrow())).get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> !vm.data().loadingProperty().get()
                && vm.data().dataProperty().get() != null && vm.data().dataProperty().get().train().name().equals("Digits")).get());
        settle();
        Button start = robot.lookup("#training-start").queryButton();
        assertTrue(start.isDisabled());
        Label blocker = robot.lookup("#training-blocker").queryAs(Label.class);
        assertTrue(blocker.isVisible());
        assertEquals("Start is off: Output has 5 units but Digits has 10 classes.", blocker.getText());
        assertEquals(blocker.getText(), tooltipOf(start.getParent()), "the same words on the disabled button");
        Button fix = robot.lookup("#training-blocker-fix").queryButton();
        assertTrue(fix.isVisible());
        assertEquals("Set units to 10", fix.getText());

        robot.clickOn(fix);
        settle();
        assertEquals(10L, ((io.layerloom.model.layer.LayerSpec.Output) window.document().graph().require("out").spec()).units());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !start.isDisabled());
        assertFalse(blocker.isVisible());
        assertEquals("Undo Set units of out", window.document().undoTextProperty().get());
    }

    private static List<Node> all(Node root) {
        List<Node> out = new ArrayList<>();
        out.add(root);
        if (root instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                out.addAll(all(c));
            }
        }
        return out;
    }

    /** Every horizontal scroll bar showing in the window: none may. */
    private List<ScrollBar> horizontalBars() {
        return all(window.stage().getScene().getRoot()).stream()
                .filter(n -> n instanceof ScrollBar s && s.getOrientation() == Orientation.HORIZONTAL && s.isVisible()
                        && n.getParent() != null && n.getParent().isVisible() && treeVisible(n))
                .map(n -> (ScrollBar) n).toList();
    }

    private static boolean treeVisible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theDashboardFitsTheWindowAndGivesTheHeightBack(FxRobot robot) throws Exception {
        open(graph("a", 16, 3, 2));
        SplitPane centre = (SplitPane) robot.lookup("#bottom-tabs").query().getParent().getParent();
        double before = centre.getDividerPositions()[0];
        TrainingViewModel vm = trainingTab(robot);
        chooseSynthetic(vm);
        trainToTheEnd(robot, vm);
        for (double[] size : List.of(new double[] {1440, 900}, new double[] {1600, 1000}, new double[] {1280, 800})) {
            WaitForAsyncUtils.asyncFx(() -> {
                window.stage().setWidth(size[0]);
                window.stage().setHeight(size[1]);
            }).get();
            settle();
            assertEquals(List.of(), horizontalBars().stream().map(b -> b.getParent().getStyleClass().toString()).toList(),
                    "no horizontal scrolling at " + size[0] + "x" + size[1]);
            Node training = robot.lookup("#training-view").query();
            Bounds tab = training.localToScene(training.getBoundsInLocal());
            for (Node panel : robot.lookup(".chart-panel").queryAll()) {
                Bounds b = panel.localToScene(panel.getBoundsInLocal());
                assertTrue(b.getMaxX() <= tab.getMaxX() + 0.5, "a chart runs past the tab at " + size[0] + ": " + b + " / " + tab);
            }
            for (Node control : all(training).stream().filter(n -> (n instanceof Button || n.getStyleClass().contains("training-progress-text"))
                    && treeVisible(n)).toList()) {
                Bounds b = control.localToScene(control.getBoundsInLocal());
                assertTrue(b.getMaxX() <= tab.getMaxX() + 0.5, control.getId() + " runs past the tab at " + size[0] + ": " + b + " / " + tab);
            }
            for (Node item : robot.lookup(".chart-legend-item").queryAll().stream().filter(TrainingStateWindowTest::treeVisible).toList()) {
                Label l = (Label) item;
                Supplier<String> shown = () -> all(l).stream().filter(n -> n instanceof javafx.scene.text.Text)
                        .map(n -> ((javafx.scene.text.Text) n).getText()).findFirst().orElse("");
                assertEquals(l.getText(), shown.get(), "a legend cut at " + size[0]);
            }
            assertEquals(List.of("train loss", "validation loss", "train accuracy", "validation accuracy"),
                    robot.lookup(".chart-legend-item").queryAll().stream().filter(TrainingStateWindowTest::treeVisible)
                            .map(n -> ((Label) n).getText()).filter(t -> t.contains("accuracy") || t.contains(" loss")).toList(),
                    "every series of the epoch chart is named at " + size[0]);
            double share = 1 - centre.getDividerPositions()[0];
            assertTrue(share <= 0.55, "the Training tab takes " + Math.round(share * 100) + "% of the height");
        }
        robot.clickOn("#tab-problems");
        settle();
        assertEquals(before, centre.getDividerPositions()[0], 0.01, "the canvas gets its height back");
    }
}
