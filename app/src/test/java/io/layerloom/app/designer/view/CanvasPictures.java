package io.layerloom.app.designer.view;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import java.awt.image.BufferedImage;
import java.io.File;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Not a test: writes screenshots of the canvas to /tmp for a person to look at (run with -Dtest=CanvasPictures). */
@ExtendWith(ApplicationExtension.class)
class CanvasPictures {

    private CanvasView canvas;
    private DocumentViewModel document;
    private Scene scene;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(Boolean.getBoolean("dark") ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        Graph g = GraphLayoutService.placeMissing(Templates.graph(Templates.byId(System.getProperty("template", "resnet18")).orElseThrow()));
        document = DocumentViewModel.direct(g);
        canvas = new CanvasView(document);
        scene = new Scene(canvas, 1100, 800);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void shots(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.sleep(300);
        shot("/tmp/canvas-top.png");
        robot.interact(() -> document.reveal(System.getProperty("reveal", "layer2_0_conv1")));
        robot.sleep(300);
        shot("/tmp/canvas-reveal.png");
        robot.interact(() -> canvas.zoomToFit());
        robot.sleep(300);
        shot("/tmp/canvas-fit.png");
        robot.interact(() -> {
            try {
                canvas.exportPng(java.nio.file.Path.of("/tmp/canvas-export.png"));
                canvas.exportSvg(java.nio.file.Path.of("/tmp/canvas-export.svg"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private void shot(String path) throws Exception {
        WritableImage[] img = new WritableImage[1];
        WaitForAsyncUtils.asyncFx(() -> img[0] = scene.snapshot(null)).get();
        int w = (int) img[0].getWidth();
        int h = (int) img[0].getHeight();
        int[] px = new int[w * h];
        img[0].getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        b.setRGB(0, 0, w, h, px, 0, w);
        javax.imageio.ImageIO.write(b, "png", new File(path));
    }
}
