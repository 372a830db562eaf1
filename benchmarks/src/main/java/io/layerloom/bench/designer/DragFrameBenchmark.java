package io.layerloom.bench.designer;

import io.layerloom.app.designer.DesignerWindow;
import io.layerloom.bench.ResidualGraphGenerator;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;

/**
 * Frame time while dragging a node in a 500-node graph, in the real window (run under Xvfb by
 * benchmarks/designer/drag-frame-time.sh). The pointer is driven through the toolkit's own robot,
 * so the drag goes through the canvas's real gesture handlers. Each frame's time is JavaFX's own
 * pulse record ({@code -Djavafx.pulseLogger=true}): from the pulse's start through CSS, layout,
 * copying the scene to the render graph and painting. Measured twice: at the canvas's reading
 * zoom (the view a user drags in) and zoomed to fit, with all 500 cards on screen.
 */
public final class DragFrameBenchmark {

    /** "PULSE: 12 [16ms:9ms]" for a pulse with its detail lines, "[12 16ms:0ms]" for a pulse that did nothing. */
    private static final Pattern PULSE = Pattern.compile("(?:PULSE: |\\[)\\d+ \\[?(\\d+)ms:(\\d+)ms\\]");
    private static final List<Integer> frames = Collections.synchronizedList(new ArrayList<>());
    private static volatile boolean recording;

    private DragFrameBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        if (!Boolean.getBoolean("javafx.pulseLogger")) {
            throw new IllegalStateException("run with -Djavafx.pulseLogger=true -Djavafx.pulseLogger.threshold=0");
        }
        PrintStream real = System.out;
        PrintStream parsing = new PrintStream(new PulseParser(real), true, StandardCharsets.UTF_8);
        System.setOut(parsing);
        System.setErr(parsing);

        Graph graph = ResidualGraphGenerator.generate(nodes);
        Path file = Files.createTempFile("drag-bench", ".json");
        GraphJson.write(graph, file);
        FxDriver.start();
        DesignerWindow w = FxDriver.onFx(() -> {
            Stage stage = new Stage();
            stage.setX(0);
            stage.setY(0);
            return DesignerWindow.openForTest(stage, file);
        });
        waitUntil(() -> w.document().graph().size() == graph.size() && w.document().analysis() != null);
        String id = ResidualGraphGenerator.middleConvId(nodes);
        FxDriver.settle(2000);
        for (int tries = 0; tries < 20 && !cardShown(w, id); tries++) {
            FxDriver.run(() -> w.document().reveal(id));
            FxDriver.settle(500);
        }
        real.printf("graph: %d nodes; dragging '%s'; cards on screen: %s%n", graph.size(), id,
                FxDriver.onFx(() -> w.view().canvas().lookupAll(".layer-node").stream().limit(4).map(Node::getId).toList()));
        report(real, "reading zoom", drag(w, id));

        FxDriver.run(() -> {
            w.view().canvas().zoomToFit();
            w.document().select(id);
        });
        FxDriver.settle(2000);
        String capture = System.getProperty("layerloom.bench.capture"); // a picture of the fitted view, to look at
        if (capture != null) {
            FxDriver.captureScreen(java.nio.file.Path.of(capture));
        }
        List<String> shown = FxDriver.onFx(() -> w.view().canvas().lookupAll(".layer-node").stream()
                .map(n -> n.getId().substring("node-".length())).toList());
        String visible = shown.contains(id) ? id : shown.get(shown.size() / 2);
        report(real, "zoomed to fit the whole graph (scale " + String.format(java.util.Locale.ROOT, "%.3f",
                FxDriver.onFx(() -> w.view().canvas().getScale())) + ", " + shown.size() + " cards on screen, dragging '"
                + visible + "')", drag(w, visible));
        System.exit(0);
    }

    /** Presses on the node, moves the pointer a little every 8 ms for 3 s, releases; returns the pulse durations. */
    private static List<Integer> drag(DesignerWindow w, String id) throws InterruptedException {
        double[] at = FxDriver.onFx(() -> {
            Node card = w.view().canvas().lookupAll(".layer-node").stream()
                    .filter(n -> ("node-" + id).equals(n.getId())).findFirst().orElseThrow();
            Bounds b = card.localToScreen(card.getBoundsInLocal());
            // inside the card at any zoom: a fitted 500-node graph draws cards a few pixels wide
            return new double[] {b.getMinX() + Math.min(40, b.getWidth() / 2), b.getMinY() + Math.min(30, b.getHeight() / 2)};
        });
        Robot robot = FxDriver.onFx(Robot::new);
        FxDriver.run(() -> {
            robot.mouseMove(at[0], at[1]);
            robot.mousePress(MouseButton.PRIMARY);
        });
        Thread.sleep(300);
        frames.clear();
        recording = true;
        long end = System.nanoTime() + 3_000_000_000L;
        int step = 0;
        while (System.nanoTime() < end) {
            double dx = 60 * Math.sin(step / 25.0);
            double dy = 30 * Math.sin(step / 40.0);
            step++;
            FxDriver.run(() -> robot.mouseMove(at[0] + dx, at[1] + dy));
            Thread.sleep(8);
        }
        recording = false;
        FxDriver.run(() -> robot.mouseRelease(MouseButton.PRIMARY));
        FxDriver.settle(500);
        return new ArrayList<>(frames);
    }

    private static boolean cardShown(DesignerWindow w, String id) {
        return FxDriver.onFx(() -> w.view().canvas().lookupAll(".layer-node").stream()
                .anyMatch(n -> ("node-" + id).equals(n.getId())));
    }

    private static void report(PrintStream out, String what, List<Integer> durations) {
        if (durations.isEmpty()) {
            out.println(what + ": no frames recorded");
            return;
        }
        List<Integer> sorted = new ArrayList<>(durations);
        Collections.sort(sorted);
        int median = sorted.get(sorted.size() / 2);
        int p95 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1));
        out.printf("%s: %d frames in 3 s; frame time median %d ms, 95th percentile %d ms, max %d ms (aim < 16 ms)%n",
                what, durations.size(), median, p95, sorted.get(sorted.size() - 1));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end && !FxDriver.onFx(condition::getAsBoolean)) {
            Thread.sleep(200);
        }
    }

    /** Reads the pulse logger's lines; keeps each pulse's duration while recording, prints nothing else of it. */
    private static final class PulseParser extends OutputStream {
        private final PrintStream real;
        private final StringBuilder line = new StringBuilder();

        PulseParser(PrintStream real) {
            this.real = real;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString();
                line.setLength(0);
                Matcher m = PULSE.matcher(text);
                boolean pulse = false;
                while (m.find()) {
                    pulse = true;
                    int duration = Integer.parseInt(m.group(2));
                    if (recording && duration > 0) {
                        frames.add(duration); // a pulse that drew something; idle pulses cost nothing
                    }
                }
                if (pulse) {
                    return;
                }
                if (!text.startsWith("T") && !text.startsWith("\t") && !text.startsWith("Counters")) {
                    real.println(text);
                }
            } else {
                line.append((char) b);
            }
        }
    }
}
