package io.layerloom.app.designer;

import io.layerloom.app.designer.service.RecoveryGraphs;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerKinds;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Window;

/**
 * The designer in a JVM of its own, driven by {@link RecoveryProcessTest}: the application's own
 * start-up ({@link DesignerApp}, with its recovery folder from {@code -Dlayerloom.dataDir}), then
 * <ul>
 *   <li>{@code edit STEPS MILLIS}: one edit every MILLIS ms, each reported as "STEP i" once applied;</li>
 *   <li>{@code restore OUT}: clicks Restore on the first card of the recovery dialog, writes the
 *       window's graph to OUT and reports "RESTORED dirty title".</li>
 * </ul>
 * It never exits by itself: the test kills it.
 */
public final class RecoveryChild {

    private RecoveryChild() {
    }

    /** The document after {@code steps} edits of the script, starting from the window's empty graph. */
    static Graph afterSteps(int steps) {
        Graph g = Graph.empty("untitled");
        for (int i = 1; i <= steps; i++) {
            g = step(g, i).apply(g);
        }
        return g;
    }

    static Edit step(Graph g, int i) {
        if (i == 1) {
            return new Edit.AddNode(new Node("input", LayerKinds.byName("Input").orElseThrow().defaults(), List.of(),
                    Optional.of(new Position(200, 60)), Map.of()));
        }
        return RecoveryGraphs.addDense(g, 8 + i);
    }

    public static void main(String[] args) {
        String mode = args[0];
        DesignerApp.firstWindowOpened = window -> {
            Thread driver = new Thread(() -> {
                try {
                    if (mode.equals("edit")) {
                        edit(window, Integer.parseInt(args[1]), Long.parseLong(args[2]));
                    } else {
                        restore(window, Path.of(args[1]));
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.out.println("FAILED " + e);
                }
            }, "recovery-child-driver");
            driver.setDaemon(true);
            driver.start();
        };
        System.out.println("STARTING");
        Application.launch(DesignerApp.class);
    }

    private static void edit(DesignerWindow window, int steps, long millis) throws Exception {
        for (int i = 1; i <= steps; i++) {
            int n = i;
            onFx(() -> window.document().apply(step(window.document().graph(), n)));
            System.out.println("STEP " + n);
            Thread.sleep(millis);
        }
        System.out.println("EDITED");
    }

    private static void restore(DesignerWindow window, Path out) throws Exception {
        Button restore = null;
        for (int tries = 0; restore == null && tries < 600; tries++) {
            Thread.sleep(50);
            restore = onFx(() -> Window.getWindows().stream()
                    .filter(w -> w.getScene() != null && w.getScene().getRoot() instanceof DialogPane p
                            && "recovery-dialog".equals(p.getId()))
                    .flatMap(w -> w.getScene().getRoot().lookupAll(".button").stream())
                    .filter(b -> b instanceof Button button && button.getText().equals("Restore"))
                    .map(Button.class::cast).findFirst().orElse(null));
        }
        if (restore == null) {
            System.out.println("NO-DIALOG");
            return;
        }
        Button clicked = restore;
        onFx(() -> {
            clicked.fire();
            return null;
        });
        Graph restored = onFx(() -> window.document().graph());
        GraphJson.write(restored, out);
        boolean dirty = onFx(() -> window.document().isDirty());
        String title = onFx(() -> window.stage().getTitle());
        System.out.println("RESTORED " + dirty + " " + title);
    }

    private static void onFx(Runnable action) throws Exception {
        onFx(() -> {
            action.run();
            return null;
        });
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> action) throws Exception {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
