package io.layerloom.app.designer.view;

import io.layerloom.app.designer.DesignerComposition;
import io.layerloom.app.designer.ScriptedDialogs;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.SummaryViewModel;
import io.layerloom.app.designer.viewmodel.WindowViewModels;
import io.layerloom.model.graph.Block;
import io.layerloom.model.template.Templates;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Blocks in the whole window, headless, as a user drives them (docs/design/blocks.md): a block
 * card's inspector, Ctrl+C and Ctrl+V of a card, Edit > Make Block... (Ctrl+G) and why it is off,
 * View > Expand and Collapse All Blocks, the Summary's block rows, the dark theme's block card.
 */
@ExtendWith(ApplicationExtension.class)
class BlockWindowTest {

    private WindowViewModels models;
    private DocumentViewModel document;
    private MainView view;
    private final BooleanProperty dark = new SimpleBooleanProperty(false);

    @Start
    void start(Stage stage) {
        models = DesignerComposition.direct(GraphLayoutService.placeMissing(Templates.graph(Templates.byId("resnet18")
                .orElseThrow())), new ScriptedDialogs(), RecentFilesStore.inMemory()).models();
        document = models.document();
        view = new MainView(models, dark, () -> { });
        stage.setScene(new Scene(view, 1400, 900));
        stage.show();
    }

    private NodeView card(String id) {
        WaitForAsyncUtils.waitForFxEvents();
        return view.canvas().content.nodeViews().stream().filter(v -> v.nodeId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no card " + id));
    }

    /** Brings a card into view and clicks it, as a user would. */
    private void clickCard(FxRobot robot, String id) {
        robot.interact(() -> {
            document.reveal(id);
            document.clearSelection();
        });
        robot.clickOn(card(id));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private MenuItem menuItem(FxRobot robot, String id) {
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        return bar.getMenus().stream().flatMap(m -> m.getItems().stream()).filter(i -> id.equals(i.getId())).findFirst()
                .orElseThrow(() -> new AssertionError("no menu item " + id));
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void clickingABlockCardShowsTheBlockInTheInspectorWhereItIsRenamedAndItsOutputLayerOpened(FxRobot robot) {
        clickCard(robot, "layer1.0.relu2");

        assertEquals(List.of("layer1.0.relu2"), document.selection());
        TextField name = robot.lookup("#inspector-block-name").queryAs(TextField.class);
        assertEquals("layer1.0", name.getText());
        assertEquals("layer1.0", text(robot, "#inspector-headline"));
        assertEquals("7", text(robot, "#fact-layers"));
        assertEquals("64x56x56", text(robot, "#fact-input-shape"));
        assertEquals("5x5 /1", text(robot, "#fact-rf-growth"));
        assertTrue(robot.lookup("#inspector-name").tryQuery().map(n -> !n.isVisible() || n.getScene() == null).orElse(true),
                "the layer's name field is not shown");

        robot.clickOn(name);
        robot.interact(name::selectAll);
        robot.write("first").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(document.graph().block("first").isPresent());
        assertEquals("Undo Rename block layer1.0 to first", document.undoTextProperty().get());

        robot.clickOn("#inspector-block-output");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(document.graph().block("first").orElseThrow().collapsed());
        assertEquals("layer1.0.relu2", robot.lookup("#inspector-name").queryAs(TextField.class).getText());
        assertNull(card("layer1.0.relu2").block(), "expanded: the layer's own card");
        assertTrue(view.canvas().isFocused(), "the keyboard is back on the canvas, with the layer selected");
    }

    @Test
    void ctrlCAndCtrlVOfABlockCardPasteTheWholeBlockAsACardSelected(FxRobot robot) {
        clickCard(robot, "layer1.1.relu2");
        int layers = document.graph().size();

        robot.push(KeyCode.CONTROL, KeyCode.C);
        robot.push(KeyCode.CONTROL, KeyCode.V);
        WaitForAsyncUtils.waitForFxEvents();

        Block pasted = document.graph().block("layer1.2").orElseThrow();
        assertTrue(pasted.collapsed());
        assertEquals(layers + 7, document.graph().size());
        assertEquals("layer1.2", card("layer1.2.relu2").block().blockId());
        assertEquals(List.of("layer1.2.relu2"), document.selection());
        assertEquals("layer1.2", robot.lookup("#inspector-block-name").queryAs(TextField.class).getText());

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(document.graph().block("layer1.2").isEmpty());
    }

    @Test
    void makeBlockIsOffWithTheReasonOnTheStatusLineUntilTheSelectionCanBeGrouped(FxRobot robot) {
        MenuItem make = menuItem(robot, "menu-make-block");
        assertTrue(make.isDisable());
        assertEquals("Shortcut+G", make.getAccelerator().getName());

        clickCard(robot, "layer2.1.relu2");
        assertTrue(make.isDisable());
        robot.push(KeyCode.CONTROL, KeyCode.G);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#status-message").startsWith("Make Block is off: 'layer2.1.conv1' is already in block 'layer2.1'"),
                text(robot, "#status-message"));

        robot.interact(() -> {
            document.select(List.of("avgpool", "fc"));
            view.canvas().requestFocus();
        });
        assertFalse(make.isDisable());
        robot.push(KeyCode.CONTROL, KeyCode.G);
        WaitForAsyncUtils.waitForFxEvents();
        TextField blockName = robot.lookup("#block-name").queryAs(TextField.class);
        robot.clickOn(blockName);
        robot.interact(blockName::selectAll);
        robot.write("head");
        robot.clickOn("OK");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("avgpool", "fc"), document.graph().block("head").orElseThrow().members());
        assertEquals("Undo Make block head", document.undoTextProperty().get());
    }

    @Test
    void expandAllAndCollapseAllAreOneUndoableEditEach(FxRobot robot) {
        MenuItem expand = menuItem(robot, "menu-expand-all");
        MenuItem collapse = menuItem(robot, "menu-collapse-all");
        assertFalse(expand.isDisable());
        assertTrue(collapse.isDisable(), "every block of the template is collapsed");

        robot.interact(expand::fire);
        assertEquals(document.graph().size(), view.canvas().content.nodeViews().size());
        assertEquals("Undo Expand all blocks", document.undoTextProperty().get());
        assertTrue(expand.isDisable());

        robot.interact(collapse::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(12, view.canvas().content.nodeViews().size());
        assertEquals("Undo Collapse all blocks", document.undoTextProperty().get());
    }

    @SuppressWarnings("unchecked")
    @Test
    void theSummaryShowsABlockAsOneRowThatOpensToItsLayersAndFollowsTheSelectedCard(FxRobot robot) {
        robot.interact(() -> view.bottomTabs().getSelectionModel().select(
                view.bottomTabs().getTabs().stream().filter(t -> "tab-summary".equals(t.getId())).findFirst().orElseThrow()));
        TableView<SummaryViewModel.Row> table = robot.lookup("#summary-table").queryAs(TableView.class);
        assertEquals(List.of("input", "stem", "layer1.0"), table.getItems().subList(0, 3).stream()
                .map(SummaryViewModel.Row::id).toList());
        int rows = table.getItems().size();

        robot.clickOn(robot.lookup(".summary-fold").queryAs(Label.class)); // stem's arrow
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(rows + 4, table.getItems().size(), "the stem's four layers under it");
        assertEquals("stem", table.getItems().get(2).block());

        clickCard(robot, "layer3.0.relu2");
        assertEquals("layer3.0", table.getSelectionModel().getSelectedItem().id());
    }

    @Test
    void aBlockCardReadsInTheDarkTheme(FxRobot robot) {
        robot.interact(() -> dark.set(true));
        NodeView card = card("layer1.0.relu2");
        robot.interact(() -> {
            card.applyCss();
            card.layout();
        });
        Color background = (Color) card.getBackground().getFills().get(0).getFill();
        Label name = (Label) card.lookup(".node-name");
        Color text = (Color) name.getTextFill();
        assertTrue(background.getBrightness() < 0.3, "a dark card: " + background);
        assertTrue(text.getBrightness() > 0.7, "light text: " + text);
        assertEquals("layer1.0  \u25B8 7", name.getText());
        Region region = card;
        assertEquals(BlockCard.HEIGHT, region.getHeight());
        robot.interact(() -> dark.set(false));
    }
}
