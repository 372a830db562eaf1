package io.layerloom.app.designer;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.view.CodeView;
import io.layerloom.app.designer.view.InspectorView;
import io.layerloom.app.designer.view.PaletteView;
import io.layerloom.app.designer.view.ProblemsView;
import io.layerloom.app.designer.view.SummaryView;
import io.layerloom.app.designer.viewmodel.CodeViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.InspectorViewModel;
import io.layerloom.app.designer.viewmodel.PaletteViewModel;
import io.layerloom.app.designer.viewmodel.ProblemsViewModel;
import io.layerloom.app.designer.viewmodel.SummaryViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerKinds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The palette, inspector and bottom tabs together on one document, driven as a user would. */
@ExtendWith(ApplicationExtension.class)
class PanelsViewTest {

    private DocumentViewModel document;
    private TabPane tabs;

    private final List<String> saved = new java.util.ArrayList<>();

    @Start
    void start(Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Node input = new Node("input", LayerKinds.byName("Input").orElseThrow().defaults(), List.of(),
                Optional.of(new Position(100, 50)), Map.of());
        document = DocumentViewModel.direct(new Graph("panels", "", List.of(input)));
        tabs = new TabPane(new Tab("Problems", new ProblemsView(new ProblemsViewModel(document))),
                new Tab("Summary", new SummaryView(new SummaryViewModel(document))),
                new Tab("Code", new CodeView(new CodeViewModel(document, BackgroundTasks.direct(), Runnable::run),
                        (name, source) -> saved.add(name + "\n" + source))));
        SplitPane body = new SplitPane(new PaletteView(new PaletteViewModel(document)), tabs,
                new InspectorView(new InspectorViewModel(document)));
        body.setDividerPositions(0.2, 0.72);
        stage.setScene(new Scene(body, 1200, 760));
        stage.show();
    }

    @SuppressWarnings("unchecked")
    private static <T> TableView<T> table(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(TableView.class);
    }

    /** The visible row showing {@code item} (a table also keeps hidden rows for measuring). */
    private static javafx.scene.Node row(FxRobot robot, String table, Object item) {
        return robot.lookup(table + " .table-row-cell").queryAllAs(javafx.scene.control.TableRow.class).stream()
                .filter(r -> r.isVisible() && item.equals(r.getItem())).findFirst()
                .orElseThrow(() -> new AssertionError("no row shows " + item));
    }

    private List<String> paletteEntries(FxRobot robot) {
        return robot.lookup(".palette-entry").queryAll().stream().map(javafx.scene.Node::getId).toList();
    }

    @Test
    void searchAddWireBreakAndFindAConvolution(FxRobot robot) {
        robot.clickOn("#palette-search").write("conv");
        assertEquals(List.of("palette-Conv2D", "palette-Deconv2D", "palette-DepthwiseConv2D", "palette-GroupedConv2D",
                "palette-SeparableConv2D"),
                paletteEntries(robot));

        robot.interact(() -> document.select("input"));
        robot.doubleClickOn("#palette-Conv2D");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("input"), document.graph().require("conv2d_1").inputs());
        assertEquals(List.of("conv2d_1"), document.selection());

        robot.doubleClickOn("#field-kernel").eraseText(1).write("30").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(IntPair.of(30), LayerKinds.byName("Conv2D").orElseThrow()
                .get(document.graph().require("conv2d_1").spec(), "kernel"));
        TableView<ProblemsViewModel.Row> problems = table(robot, "#problems-list");
        // The graph has no output layer yet either; errors come first, in graph order.
        assertEquals(List.of("KERNEL_TOO_LARGE conv2d_1", "NO_OUTPUT_LAYER "),
                problems.getItems().stream().map(r -> r.code() + " " + r.node()).toList());

        robot.interact(() -> document.select("input"));
        robot.clickOn(row(robot, "#problems-list", problems.getItems().get(0)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("conv2d_1"), document.selection());
        assertEquals("conv2d_1", document.revealProperty().get().id());
    }

    @Test
    void everyKindHasAnIconDrawnFromItsSvg(FxRobot robot) {
        for (String kind : LayerKinds.names()) {
            io.layerloom.app.designer.view.KindIconView icon = robot.lookup("#palette-" + kind + " .kind-icon")
                    .queryAs(io.layerloom.app.designer.view.KindIconView.class);
            javafx.scene.Group shapes = (javafx.scene.Group) icon.getChildrenUnmodifiable().get(0);
            assertTrue(shapes.getChildren().size() >= 2, kind + " has " + shapes.getChildren().size() + " shapes");
            assertEquals(20.0, icon.getWidth(), kind);
            assertTrue(shapes.getBoundsInParent().getMaxX() <= 21 && shapes.getBoundsInParent().getMinX() >= -1,
                    kind + " is drawn inside its box: " + shapes.getBoundsInParent());
        }
    }

    @Test
    void aRefusedValueStaysInItsFieldWithItsMessage(FxRobot robot) {
        robot.interact(() -> new io.layerloom.app.designer.viewmodel.PaletteViewModel(document).add("Dense"));
        robot.doubleClickOn("#field-units").eraseText(2).write("0").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("0", robot.lookup("#field-units").queryTextInputControl().getText());
        assertTrue(robot.lookup(".field-problem").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().equals("Units must be between 1 and 1,000,000.")));
        assertEquals(64L, LayerKinds.byName("Dense").orElseThrow().get(document.graph().require("dense_1").spec(), "units"));
        assertTrue(!document.canUndoProperty().get() || document.undoTextProperty().get().equals("Undo Add Dense"));
    }

    @Test
    void clickingASummaryRowSelectsItsLayer(FxRobot robot) {
        robot.interact(() -> tabs.getSelectionModel().select(1));
        TableView<SummaryViewModel.Row> summary = table(robot, "#summary-table");
        assertEquals(List.of("input (Input)"), summary.getItems().stream().map(SummaryViewModel.Row::layer).toList());

        robot.clickOn(row(robot, "#summary-table", summary.getItems().get(0)));
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(List.of("input"), document.selection());
    }

    @Test
    void theCodeTabExplainsWhyThereIsNoSourceForAnIncompleteGraph(FxRobot robot) {
        robot.interact(() -> tabs.getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();

        Label message = robot.lookup("#code-message").queryAs(Label.class);
        assertTrue(message.getText().contains("prevent"), message.getText());
        assertEquals("", robot.lookup("#code-text").queryAs(TextArea.class).getText());

        robot.interact(() -> {
            document.select("input");
            new io.layerloom.app.designer.viewmodel.PaletteViewModel(document).add("Flatten");
            new io.layerloom.app.designer.viewmodel.PaletteViewModel(document).add("Output");
        });
        WaitForAsyncUtils.waitForFxEvents();
        String source = robot.lookup("#code-text").queryAs(TextArea.class).getText();
        assertTrue(source.contains("public final class Panels"));

        robot.clickOn("#code-save");
        assertEquals(List.of("Panels.java\n" + source), saved, "Save As hands the window the shown source and its file name");
    }
}
