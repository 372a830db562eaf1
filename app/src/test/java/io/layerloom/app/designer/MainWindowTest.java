package io.layerloom.app.designer;

import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.view.MainView;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.WindowViewModels;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKinds;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window opens headless (Monocle), with its menus bound to the document. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private DocumentViewModel document;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        WindowViewModels models = DesignerComposition.direct(Graph.empty("demo"), new ScriptedDialogs(),
                RecentFilesStore.inMemory()).models();
        document = models.document();
        MainView view = new MainView(models, new SimpleBooleanProperty(false), () -> { });
        stage.setScene(new Scene(view, 1200, 800));
        stage.titleProperty().bind(document.titleProperty());
        stage.show();
    }

    @Test
    void theTitleAndTheUndoMenuFollowTheDocument(FxRobot robot) {
        assertEquals("demo \u2014 LayerLoom", stage.getTitle());
        robot.interact(() -> document.apply(new Edit.AddNode(Node.of("input", LayerKinds.byName("Input").orElseThrow().defaults()))));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("\u25CF demo \u2014 LayerLoom", stage.getTitle());
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        MenuItem undo = bar.getMenus().get(1).getItems().get(0);
        assertEquals("Undo Add Input", undo.getText());
        assertTrue(!undo.isDisable());
        Label totals = robot.lookup("#status-totals").queryAs(Label.class);
        assertTrue(totals.getText().startsWith("1 layer"), totals.getText());
    }
}
