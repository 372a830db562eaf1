package io.layerloom.app.designer.view;

import io.layerloom.app.designer.DesignerComposition;
import io.layerloom.app.designer.ScriptedDialogs;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.viewmodel.InspectorViewModel;
import io.layerloom.app.designer.viewmodel.WindowViewModels;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javafx.application.Application;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
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
 * What a first-time user meets in the window (issue 11, items 9 and 11 to 14): the whole main
 * view headless, as a user sees it. No theme is set here: the view brings its own.
 */
@ExtendWith(ApplicationExtension.class)
class FirstUseWindowTest {

    private final List<String> cssWarnings = new ArrayList<>();
    private final Handler cssLog = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getMessage() != null && r.getMessage().contains("Could not resolve")) {
                cssWarnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private WindowViewModels models;
    private MainView view;

    @Start
    void start(Stage stage) {
        Logger.getLogger("javafx.css").addHandler(cssLog);
        Application.setUserAgentStylesheet(null); // whatever an earlier test set: the view must bring the theme
        models = DesignerComposition.direct(Graph.empty("untitled"), new ScriptedDialogs(), RecentFilesStore.inMemory()).models();
        view = new MainView(models, new SimpleBooleanProperty(false), () -> { });
        stage.setScene(new Scene(view, 1440, 900));
        stage.show();
    }

    @AfterEach
    void detachLog() {
        Logger.getLogger("javafx.css").removeHandler(cssLog);
    }

    private static void settle() {
        WaitForAsyncUtils.waitForFxEvents(3);
    }

    private void addByDoubleClick(FxRobot robot, String kind) {
        robot.doubleClickOn("#palette-" + kind);
        settle();
    }

    /** What a double-click on the palette does (after the selected layer, wired), without the robot's timing. */
    private void add(FxRobot robot, String kind) {
        robot.interact(() -> models.palette().add(kind));
        settle();
    }

    /** The text the skin draws for a labelled control or menu item: underscores read as mnemonics are gone. */
    private static List<String> drawnTexts(FxRobot robot, String startingWith) {
        return robot.lookup(n -> n instanceof Text t && t.getText() != null && t.getText().startsWith(startingWith))
                .queryAll().stream().map(n -> ((Text) n).getText()).toList();
    }

    // Item 9

    @Test
    void menuItemsAndLinksShowNodeIdsWithTheirUnderscores(FxRobot robot) {
        add(robot, "Input");
        add(robot, "Dense");
        robot.interact(() -> models.document().apply(new Edit.Rename("input_1", "my_input")));
        settle();
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        Menu edit = bar.getMenus().get(1);
        robot.interact(edit::show);
        settle();
        assertEquals(List.of("Undo Rename input_1 to my_input"), drawnTexts(robot, "Undo"));
        robot.interact(edit::hide);

        robot.interact(() -> models.document().select("dense_1"));
        settle();
        Hyperlink link = robot.lookup(".inspector-inputs .hyperlink").queryAs(Hyperlink.class);
        assertEquals("my_input", ((Text) link.lookup(".text")).getText());
    }

    // Item 10

    /** Labels whose drawn text is not their whole text (the skin cut it and added an ellipsis). */
    private static List<String> cutOff(java.util.Collection<javafx.scene.Node> nodes) {
        List<String> cut = new ArrayList<>();
        for (javafx.scene.Node n : nodes) {
            if (n instanceof javafx.scene.control.Labeled l && l.getText() != null && !l.getText().isEmpty()
                    && l.lookup(".text") instanceof Text t && !t.getText().equals(l.getText())) {
                cut.add(l.getText() + " drawn as " + t.getText());
            }
        }
        return cut;
    }

    @Test
    void tableHeadersAreNotCutOff(FxRobot robot) {
        robot.interact(() -> models.files().newFromTemplate(Templates.byId("resnet18").orElseThrow()));
        robot.interact(() -> view.bottomTabs().getSelectionModel().select(1));
        settle();
        assertEquals(List.of(), cutOff(robot.lookup(".column-header .label").queryAll()));
    }

    @Test
    void theShortcutHelpWrapsItsDescriptionsInsteadOfCuttingThem(FxRobot robot) {
        robot.interact(() -> HelpDialogs.showShortcuts(view.getScene().getWindow()));
        settle();
        javafx.scene.Node table = robot.lookup("#shortcut-table").query();
        assertEquals(List.of(), cutOff(robot.from(table).lookup(".label").queryAll()));
        robot.interact(() -> table.getScene().getWindow().hide());
    }

    @Test
    void theTemplateListDoesNotScrollSideways(FxRobot robot) {
        Stage[] stage = new Stage[1];
        robot.interact(() -> {
            stage[0] = new Stage();
            stage[0].setScene(new Scene(TemplateGallery.list(), 480, 440)); // a narrower dialog than the list asks for
            stage[0].show();
        });
        settle();
        List<javafx.scene.Node> sideways = robot.from(stage[0].getScene().getRoot()).lookup(".scroll-bar").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ScrollBar b
                        && b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && b.isVisible())
                .toList();
        robot.interact(stage[0]::hide);
        assertEquals(List.of(), sideways);
    }

    // Item 11

    @Test
    void anEmptyGraphIsAStartingPointNotAnError(FxRobot robot) {
        assertEquals("0 layers \u00B7 0 params \u00B7 0 errors \u00B7 0 warnings",
                robot.lookup("#status-totals").queryAs(Label.class).getText());
        assertEquals("Problems", view.bottomTabs().getTabs().get(0).getText());
        assertTrue(models.problems().rows().isEmpty(), models.problems().rows().toString());
        List<InspectorViewModel.Fact> facts = models.inspector().facts();
        assertTrue(facts.contains(new InspectorViewModel.Fact("Parameters", "0")), facts.toString());
        assertTrue(facts.contains(new InspectorViewModel.Fact("Problems", "none")), facts.toString());
        assertTrue(models.inspector().diagnostics().isEmpty(), models.inspector().diagnostics().toString());
    }

    @Test
    void aCardShowsItsActivationAndALinearChainWarns(FxRobot robot) {
        add(robot, "Input");
        add(robot, "Flatten");
        add(robot, "Dense");
        add(robot, "Dense");
        Label activation = robot.lookup("#node-dense_1 .node-activation").queryAs(Label.class);
        assertTrue(activation != null && activation.isVisible(), "the Dense card shows its activation");
        assertEquals("identity", activation.getText());
        assertTrue(models.problems().rows().stream().anyMatch(r -> r.code().equals("LINEAR_CHAIN") && r.node().equals("dense_1")),
                models.document().graph() + "\n" + models.problems().rows());
        assertTrue(robot.lookup("#node-dense_1 .node-badge").queryAs(Label.class).isVisible(),
                "dense_1 feeds dense_2 with no activation between them");
    }

    @Test
    void thePaletteSearchIsClearedOnceALayerIsAdded(FxRobot robot) {
        robot.clickOn("#palette-search").write("conv");
        settle();
        TextField search = robot.lookup("#palette-search").queryAs(TextField.class);
        assertEquals("conv", search.getText());
        addByDoubleClick(robot, "Conv2D");
        assertEquals(1, models.document().graph().size());
        assertEquals("", search.getText());
        assertTrue(robot.lookup("#palette-Dense").tryQuery().isPresent(), "the whole palette is back");
    }

    // Item 12

    @Test
    void theExportMenuHasNoSecondSaveAs(FxRobot robot) {
        Menu file = robot.lookup("#menu-bar").queryAs(MenuBar.class).getMenus().get(0);
        Menu export = (Menu) file.getItems().stream().filter(i -> "Export".equals(i.getText())).findFirst().orElseThrow();
        List<String> items = export.getItems().stream().map(MenuItem::getText).filter(t -> t != null).toList();
        assertFalse(items.stream().anyMatch(t -> t.contains("JSON")), items.toString());
        assertTrue(file.getItems().stream().anyMatch(i -> "Save As\u2026".equals(i.getText())));
    }

    @Test
    void thePictureOfResNet18FitsInAnImageViewer(FxRobot robot) throws Exception {
        robot.interact(() -> models.files().newFromTemplate(Templates.byId("resnet18").orElseThrow()));
        settle();
        // Its 69 layers each on a card (the picture draws what the canvas shows; collapsed, it is 12 cards).
        robot.interact(() -> models.canvas().blocks().setAllCollapsed(false));
        settle();
        WritableImage[] picture = new WritableImage[1];
        robot.interact(() -> {
            try {
                picture[0] = view.canvas().picture();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        PngFiles.write(picture[0], java.nio.file.Path.of("target", "resnet18-picture.png")); // to look at
        double w = picture[0].getWidth();
        double h = picture[0].getHeight();
        assertTrue(Math.max(w, h) <= 8192, "viewers refuse larger pictures: " + w + "x" + h);
        assertTrue(h > 4000, "still drawn near full size, readable: " + w + "x" + h);
    }

    // Item 13

    @Test
    void aDroppedLayerLandsWhereItIsDropped(FxRobot robot) {
        CanvasView canvas = view.canvas();
        double x = 160;
        double y = 120;
        robot.interact(() -> assertTrue(canvas.dropKind("Conv2D", x, y)));
        settle();
        NodeView card = robot.lookup("#node-conv2d_1").queryAs(NodeView.class);
        Bounds b = card.localToScene(card.getBoundsInLocal());
        Point2D drop = canvas.localToScene(x, y);
        assertEquals(drop.getX(), b.getCenterX(), 12, "card centre x " + b + " for a drop at " + drop);
        assertEquals(drop.getY(), b.getCenterY(), 12, "card centre y " + b + " for a drop at " + drop);
    }

    // Item 14

    @Test
    void portsAreDrawnWithTheThemesStroke(FxRobot robot) {
        add(robot, "Input");
        add(robot, "Dense");
        PortView port = robot.lookup("#port-out-input_1").queryAs(PortView.class);
        assertEquals(Color.web("#6e7781"), port.getStroke(), "PrimerLight's -color-fg-subtle");
        assertEquals(List.of(), cssWarnings);
    }
}
