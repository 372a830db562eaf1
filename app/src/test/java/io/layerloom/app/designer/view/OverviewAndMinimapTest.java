package io.layerloom.app.designer.view;

import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.icons.LayerIcons;
import io.layerloom.model.template.Templates;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ResNet-18 zoomed to fit (issue 11, item 5): the overview keeps the family colours and the
 * stages' names, and the minimap moves the view where it is clicked.
 */
@ExtendWith(ApplicationExtension.class)
class OverviewAndMinimapTest {

    private DocumentViewModel document;
    private CanvasView canvas;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        document = DocumentViewModel.direct(Templates.graph(Templates.byId("resnet18").orElseThrow()));
        CanvasViewModel model = new CanvasViewModel(document);
        model.blocks().setAllCollapsed(false); // every layer on its own card: the overview of a flat graph
        canvas = new CanvasView(model);
        // The canvas's share of a 1440x900 window.
        stage.setScene(new Scene(canvas, 900, 560));
        stage.show();
    }

    @Test
    void zoomedToFitCardsKeepTheirFamilyColoursAndStagesTheirNames(FxRobot robot) {
        robot.interact(canvas::zoomToFit);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(canvas.isOverview(), "ResNet-18 fitted into 900x560 is an overview, scale " + canvas.getScale());

        Color conv = fill("layer2.0.conv1");
        Color norm = fill("layer2.0.bn1");
        Color add = fill("layer2.0.add");
        assertEquals(Color.web(LayerIcons.familyColour(LayerIcons.family("Conv2D"))), conv);
        assertEquals(Color.web(LayerIcons.familyColour(LayerIcons.family("BatchNorm"))), norm);
        assertEquals(Color.web(LayerIcons.familyColour(LayerIcons.family("Add"))), add);
        assertNotEquals(conv, norm);

        List<String> labels = canvas.overviewLabels();
        assertTrue(labels.containsAll(List.of("layer1", "layer2", "layer3", "layer4")), labels.toString());
        long cards = labels.stream().filter(l -> l.contains(" ")).count();
        assertTrue(cards >= 15, "cards named beside the column: " + labels);
        assertTrue(labels.stream().anyMatch(l -> l.endsWith(" Conv2D")) && labels.stream().anyMatch(l -> l.endsWith(" Add")),
                labels.toString());

        // Zoomed in again, the cards carry their own text and the overview draws nothing.
        robot.interact(() -> canvas.centreOn("layer2.0.conv1"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(canvas.isOverview());
        assertEquals(List.of(), canvas.overviewLabels());
    }

    @Test
    void clickingTheMinimapMovesTheViewThereAtTheSameScale(FxRobot robot) {
        robot.interact(() -> {
            canvas.centreOn("input");
            document.select("input");
        });
        WaitForAsyncUtils.waitForFxEvents();
        MinimapView map = canvas.minimap();
        assertTrue(map.isVisible());
        double scale = canvas.getScale();
        NodeView target = canvas.nodeView("layer4.1.conv2");
        assertTrue(target.getParent() == null, "far down the graph, out of view");
        javafx.scene.shape.Rectangle before = map.viewRectangle();
        double rectY = before.getY();

        Point2D onMap = map.fromWorld(target.getLayoutX() + NodeView.WIDTH / 2, target.getLayoutY() + NodeView.HEIGHT / 2);
        robot.clickOn(map.localToScreen(onMap));
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(scale, canvas.getScale(), 1e-9, "a jump does not zoom");
        Point2D centre = canvas.toWorld(canvas.getWidth() / 2, canvas.getHeight() / 2);
        double pixel = map.toWorld(1, 0).getX() - map.toWorld(0, 0).getX(); // the robot clicks whole pixels
        assertEquals(target.getLayoutX() + NodeView.WIDTH / 2, centre.getX(), 1.5 * pixel);
        assertEquals(target.getLayoutY() + NodeView.HEIGHT / 2, centre.getY(), 1.5 * pixel);
        assertTrue(target.getParent() != null, "the card is in the scene now");
        assertTrue(map.viewRectangle().getY() > rectY + 20, "the rectangle followed the view down the map");
        assertEquals(List.of("input"), document.selection(), "a click on the map is not a click on the empty canvas");

        robot.interact(() -> canvas.minimapShownProperty().set(false));
        assertFalse(map.isVisible());
    }

    /** A card's fill as drawn: its first background fill. */
    private Color fill(String id) {
        NodeView v = canvas.nodeView(id);
        BackgroundFill f = v.getBackground().getFills().get(0);
        return (Color) f.getFill();
    }
}
