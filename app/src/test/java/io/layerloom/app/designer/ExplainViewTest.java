package io.layerloom.app.designer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.designer.service.FxExecutors;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.view.ExplainView;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.ExplainFixtures;
import io.layerloom.app.designer.viewmodel.ExplainViewModel;
import io.layerloom.app.explain.BarsNetwork;
import io.layerloom.app.explain.Explainer;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Explain tab headless, on a real trained network (bars left or right): it opens in the
 * background, a click on a feature-map unit outlines the patch it sees on the input, and a click
 * on a gallery image of a confusion cell explains that image.
 */
@ExtendWith(ApplicationExtension.class)
class ExplainViewTest {

    private final ExecutorService worker = FxExecutors.worker("test-explain");
    private ExplainViewModel vm;

    @Start
    void start(Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        DocumentViewModel document = DocumentViewModel.direct(BarsNetwork.graph());
        vm = new ExplainViewModel(document, () -> Optional.of(ExplainFixtures.trained(BarsNetwork.trained(2),
                BarsNetwork.images(40, 99), false)), new BackgroundTasks(FxExecutors.ui()), worker);
        ExplainView view = new ExplainView(vm);
        stage.setScene(new Scene(view, 1200, 760));
        stage.show();
    }

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void aClickedUnitOutlinesItsPatchAndAGalleryImageIsExplained(FxRobot robot) throws Exception {
        robot.interact(() -> vm.activeProperty().set(true));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.mapsProperty().get() != null && !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        ImageView maps = robot.lookup("#explain-maps").queryAs(ImageView.class);
        ImageView input = robot.lookup("#explain-input").queryAs(ImageView.class);
        assertTrue(maps.getImage() != null && input.getImage() != null, "the feature maps and the image are shown");
        assertEquals("6 channels of 'c2' (8x8)", vm.mapsTitleProperty().get());
        Rectangle patch = robot.lookup("#explain-patch").queryAs(Rectangle.class);
        assertTrue(!patch.isVisible(), "no patch before a click");

        // tile 0, unit (5, 2): its centre, in the shown picture's coordinates
        Explainer.Tiles t = vm.mapsProperty().get();
        double scale = maps.getBoundsInLocal().getWidth() / t.picture().width();
        double unit = (double) t.tileWidth() / t.mapWidth();
        Bounds b = maps.localToScreen(maps.getBoundsInLocal());
        robot.clickOn(b.getMinX() + (t.gap() + 2.5 * unit) * scale, b.getMinY() + (t.gap() + 5.5 * unit) * scale);
        WaitForAsyncUtils.waitForFxEvents();
        // c2 after two 3x3 convolutions: a 5x5 field, unit (5, 2) sees rows 5-9, columns 2-6
        assertEquals(new Explainer.Patch(5, 2, 9, 6, 5, 5), vm.patchProperty().get());
        assertTrue(patch.isVisible());
        double perPixel = input.getBoundsInLocal().getWidth() / 12;
        assertEquals(2 * perPixel, patch.getX(), 1e-6);
        assertEquals(5 * perPixel, patch.getY(), 1e-6);
        assertEquals(5 * perPixel, patch.getWidth(), 1e-6);
        assertTrue(robot.lookup(".training-muted").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("'c2' channel 0, unit (5, 2) sees input rows 5\u20139, columns 2\u20136 (a 5x5 field)")));

        robot.interact(() -> vm.openCell(0, 0));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.gallery().isEmpty() && !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Pane gallery = robot.lookup("#explain-gallery").queryAs(Pane.class);
        assertEquals(vm.gallery().size(), gallery.getChildren().size());
        int index = vm.gallery().get(0).index();
        Node first = gallery.getChildren().get(0);
        robot.clickOn(first);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.imageTitleProperty().get().startsWith("Test image " + index + ","));
        assertEquals(index, vm.testIndexProperty().get());
    }
}
