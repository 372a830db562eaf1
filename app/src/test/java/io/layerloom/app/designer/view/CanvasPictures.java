package io.layerloom.app.designer.view;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import java.io.File;
import javafx.application.Application;
import javafx.scene.Scene;
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
        canvas = new CanvasView(new CanvasViewModel(document));
        scene = new Scene(canvas, 1100, 800);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void shots(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.sleep(300);
        shot("/tmp/canvas-top.png");
        robot.interact(() -> document.reveal("layer2.0.conv1"));
        robot.sleep(300);
        shot("/tmp/canvas-reveal.png");
        robot.interact(() -> canvas.zoomToFit());
        robot.sleep(300);
        shot("/tmp/canvas-fit.png");
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet()));
        robot.interact(() -> document.reveal("layer3.0.add"));
        robot.interact(() -> document.apply(new io.layerloom.model.graph.Edit.SetParam("layer3.0.conv2", "filters", 100L)));
        robot.sleep(500);
        shot("/tmp/canvas-dark.png");
        robot.interact(() -> {
            try {
                PngFiles.write(canvas.picture(), java.nio.file.Path.of("/tmp/canvas-export.png"));
                io.layerloom.model.util.AtomicFiles.writeString(java.nio.file.Path.of("/tmp/canvas-export.svg"),
                        GraphPicture.svg(document.graph(), document.analysis(), canvas.svgRoutes()));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        robot.interact(() -> document.replace(Graph.empty("empty"), null));
        robot.sleep(300);
        shot("/tmp/canvas-empty.png");
    }

    /** A proxy for frame time while dragging in a 500-node graph: move + re-route + a full render (snapshot). */
    @Test
    void dragFrameTimeIn500Nodes(FxRobot robot) throws Exception {
        io.layerloom.model.layer.LayerSpec dense = io.layerloom.model.layer.LayerKinds.byName("Dense").orElseThrow().defaults();
        java.util.List<io.layerloom.model.graph.Node> nodes = new java.util.ArrayList<>();
        nodes.add(io.layerloom.model.graph.Node.of("n0", io.layerloom.model.layer.LayerKinds.byName("Input").orElseThrow().defaults()));
        for (int i = 1; i < Integer.getInteger("nodes", 500); i++) {
            nodes.add(i % 5 == 0 ? io.layerloom.model.graph.Node.of("n" + i, io.layerloom.model.layer.LayerKinds.byName("Add").orElseThrow().defaults(), "n" + (i - 1), "n" + (i - 4))
                    : io.layerloom.model.graph.Node.of("n" + i, dense, "n" + (i - 1)));
        }
        Graph big = GraphLayoutService.layoutAll(new Graph("big", "", nodes));
        long[] open = new long[1];
        robot.interact(() -> {
            long t0 = System.nanoTime();
            document.replace(big, null);
            long t1 = System.nanoTime();
            canvas.flush();
            long t2 = System.nanoTime();
            canvas.applyCss();
            canvas.layout();
            long t3 = System.nanoTime();
            System.out.printf("open %d nodes: analysis %.0f ms, reconcile %.0f ms, CSS + layout %.0f ms%n", big.size(),
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> canvas.zoomToFit());
        robot.interact(() -> canvas.zoomAt(1 / canvas.getScale() * 0.5, 550, 400));
        robot.interact(() -> canvas.centreOn("n" + Integer.getInteger("nodes", 500) / 2));
        WaitForAsyncUtils.waitForFxEvents();
        // Real pulses: an AnimationTimer drags the node one step per frame for two seconds.
        for (int round = 0; round < 3; round++) {
            java.util.List<Long> stamps = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            long[] work = new long[1];
            javafx.animation.AnimationTimer timer = new javafx.animation.AnimationTimer() {
                int i;
                @Override
                public void handle(long now) {
                    stamps.add(now);
                    long t0 = System.nanoTime();
                    NodeView v = canvas.nodeView("n" + Integer.getInteger("nodes", 500) / 2);
                    v.relocate(v.getLayoutX() + ((i++ / 30) % 2 == 0 ? 3 : -3), v.getLayoutY());
                    canvas.rerouteWiresOf(java.util.List.of("n" + Integer.getInteger("nodes", 500) / 2));
                    work[0] += System.nanoTime() - t0;
                }
            };
            robot.interact(timer::start);
            robot.sleep(2000);
            robot.interact(timer::stop);
            int frames = stamps.size();
            double span = (stamps.get(frames - 1) - stamps.get(0)) / 1e6;
            System.out.printf("500 nodes, real pulses while dragging: %d frames in %.0f ms = %.1f ms/frame; handler work %.3f ms/frame%n",
                    frames, span, span / (frames - 1), work[0] / 1e6 / frames);
        }
        for (int i = 0; i < 3; i++) {
            int k = i;
            robot.interact(() -> {
                String id = "n" + Integer.getInteger("nodes", 500) / 2;
                long t0 = System.nanoTime();
                document.apply(io.layerloom.model.graph.Edit.Move.one(id,
                        document.graph().require(id).position().orElseThrow().plus(20 * (k % 2 == 0 ? 1 : -1), 0)));
                canvas.flush();
                System.out.printf("one Move edit in %d nodes: analysis + reconcile %.1f ms%n", document.graph().size(),
                        (System.nanoTime() - t0) / 1e6);
            });
        }
        shot("/tmp/canvas-500.png");
    }

    @Test
    void gestures(FxRobot robot) throws Exception {
        io.layerloom.model.layer.LayerSpec conv = new io.layerloom.model.layer.LayerSpec.Conv2D(8,
                io.layerloom.model.layer.IntPair.of(3), io.layerloom.model.layer.IntPair.of(1),
                io.layerloom.model.layer.Padding.same(), io.layerloom.model.layer.IntPair.of(3),
                io.layerloom.model.layer.ActivationFunction.RELU, true);
        io.layerloom.model.layer.LayerSpec dense = io.layerloom.model.layer.LayerKinds.byName("Dense").orElseThrow().defaults();
        Graph g = new Graph("t", "", java.util.List.of(
                io.layerloom.model.graph.Node.of("in", io.layerloom.model.layer.LayerKinds.byName("Input").orElseThrow().defaults())
                        .withPosition(new io.layerloom.model.graph.Position(40, 40)),
                io.layerloom.model.graph.Node.of("c1", conv, "in").withPosition(new io.layerloom.model.graph.Position(40, 180)),
                io.layerloom.model.graph.Node.of("c2", conv, "c1").withPosition(new io.layerloom.model.graph.Position(40, 320)),
                io.layerloom.model.graph.Node.of("x", dense).withPosition(new io.layerloom.model.graph.Position(400, 40))));
        robot.interact(() -> document.replace(g, null));
        robot.sleep(200);
        robot.clickOn("#node-c2");
        robot.drag("#port-out-x", javafx.scene.input.MouseButton.PRIMARY).moveTo("#node-c1");
        robot.sleep(200);
        shot("/tmp/canvas-gestures.png");
        robot.release(javafx.scene.input.MouseButton.PRIMARY);
    }

    private void shot(String path) throws Exception {
        WritableImage[] img = new WritableImage[1];
        WaitForAsyncUtils.asyncFx(() -> img[0] = scene.snapshot(null)).get();
        PngFiles.write(img[0], new File(path).toPath());
    }
}
