package io.layerloom.app.designer;

import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.view.CanvasView;
import io.layerloom.app.designer.view.MainView;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.SummaryViewModel.Row;
import io.layerloom.app.designer.viewmodel.WindowViewModels;
import io.layerloom.model.graph.Node;
import io.layerloom.model.template.Templates;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Find in the graph (issue 11, item 7) in the whole window, headless: Ctrl+F finds layers by name
 * or kind (and still searches the palette when the palette has the keyboard), Enter and F3 select
 * and centre the next one; the Summary's row follows the selection and selects its layer.
 */
@ExtendWith(ApplicationExtension.class)
class FindInGraphTest {

    private DocumentViewModel document;
    private MainView view;

    @Start
    void start(Stage stage) {
        WindowViewModels models = DesignerComposition.direct(Templates.graph(Templates.byId("resnet18").orElseThrow()),
                new ScriptedDialogs(), RecentFilesStore.inMemory()).models();
        document = models.document();
        // Every layer on its own card (the template's blocks expanded): finding layers, not blocks.
        models.canvas().blocks().setAllCollapsed(false);
        view = new MainView(models, new SimpleBooleanProperty(false), () -> { });
        stage.setScene(new Scene(view, 1440, 900));
        stage.show();
    }

    @Test
    void ctrlFFindsLayersByNameOrKindAndEnterAndF3ShowThemInTurn(FxRobot robot) {
        CanvasView canvas = view.canvas();
        TextField paletteSearch = robot.lookup("#palette-search").queryAs(TextField.class);

        // In the palette, Ctrl+F still searches the palette.
        robot.clickOn(paletteSearch);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(view.findBar().isVisible(), "the palette keeps Ctrl+F");
        assertTrue(paletteSearch.isFocused());

        // Anywhere else it finds in the graph.
        robot.interact(canvas::requestFocus);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        TextField field = robot.lookup("#find-field").queryAs(TextField.class);
        assertTrue(view.findBar().isVisible());
        assertTrue(field.isFocused());

        robot.write("layer3.1");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> expected = document.graph().nodes().stream().map(Node::id).filter(id -> id.startsWith("layer3.1.")).toList();
        assertEquals(expected, view.findBar().model().matches());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(expected.get(0)), document.selection());
        assertCentred(robot, canvas, expected.get(0));
        assertEquals("1 of " + expected.size(), robot.lookup("#find-status").queryAs(Label.class).getText());

        robot.type(KeyCode.F3);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(expected.get(1)), document.selection());
        assertCentred(robot, canvas, expected.get(1));
        robot.press(KeyCode.SHIFT, KeyCode.F3).release(KeyCode.F3, KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(expected.get(0)), document.selection());

        // By kind: no BatchNorm is named "batchnorm", all of them are found.
        robot.interact(() -> field.setText("batchnorm"));
        long norms = document.graph().nodes().stream().filter(n -> n.kind().name().equals("BatchNorm")).count();
        assertEquals(20, norms);
        assertEquals(norms, view.findBar().model().matches().size());
        robot.interact(() -> field.setText("no-such-layer"));
        assertEquals("No layer named or of kind 'no-such-layer'", robot.lookup("#find-status").queryAs(Label.class).getText());

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(view.findBar().isVisible());
        assertTrue(canvas.isFocused(), "Escape gives the keyboard back to the canvas");
    }

    @Test
    void theSummaryRowFollowsTheSelectionAndSelectsItsLayer(FxRobot robot) {
        robot.interact(() -> view.bottomTabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableView<Row> table = robot.lookup("#summary-table").queryAs(TableView.class);

        robot.interact(() -> document.select("layer4.1.bn2"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("layer4.1.bn2", table.getSelectionModel().getSelectedItem().id());
        // An edit makes new rows: the highlight stays on the layer.
        robot.interact(() -> document.apply(new io.layerloom.model.graph.Edit.SetParam("layer4.1.bn2", "eps", 0.001)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("layer4.1.bn2", table.getSelectionModel().getSelectedItem().id());

        // A row chosen in the table selects its layer, by the mouse and by the arrow keys (a layer
        // selected inside a folded block opens the block's row: the stem's layers show).
        robot.interact(() -> document.select("maxpool"));
        robot.interact(() -> table.scrollTo(2)); // conv1's row at the top: the table shows three rows
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".table-row-cell").match(n -> n.isVisible() && n instanceof javafx.scene.control.TableRow<?> r
                && r.getItem() instanceof Row row && row.id().equals("conv1")).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("conv1"), document.selection());
        robot.type(KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("bn1"), document.selection());
        assertEquals("bn1", table.getSelectionModel().getSelectedItem().id());
    }

    /** The card is on screen, about the middle of the canvas. */
    private static void assertCentred(FxRobot robot, CanvasView canvas, String id) {
        javafx.scene.Node card = canvas.lookupAll(".layer-node").stream().filter(n -> ("node-" + id).equals(n.getId()))
                .findFirst().orElse(null);
        assertTrue(card != null && card.getScene() != null, id + " is in the scene");
        Bounds b = card.localToScene(card.getBoundsInLocal());
        Bounds c = canvas.localToScene(canvas.getBoundsInLocal());
        assertEquals(c.getCenterX(), b.getCenterX(), 4, id + " across");
        assertEquals(c.getCenterY(), b.getCenterY(), 4, id + " down");
    }
}
