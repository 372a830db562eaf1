package io.layerloom.bench.designer;

import io.layerloom.app.designer.DesignerWindow;
import io.layerloom.app.designer.viewmodel.AugmentationViewModel;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.template.Templates;
import io.layerloom.model.training.AugmentOp;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * Issue 14's data parts in the real window, as screenshots (under Xvfb, as {@link ScreenshotTour}):
 * <ul>
 * <li>{@code training-fit.png}: the LeNet-5 template on Fashion-MNIST, the data-fit message and
 * its Pad / Resize / Crop buttons; then Pad is clicked and a few iterations train
 * ({@code OUT/training-fit-stored.png});</li>
 * <li>{@code augmentation-preview.png}: five augmentation steps and the Augmentation tab's grid;</li>
 * <li>with {@code --runs FILE} (a graph with recorded runs), {@code runs-comparison.png}: the Runs
 * view sorted by test accuracy, the runs ticked;</li>
 * <li>with {@code --stream FOLDER SECONDS}: that image folder (3x32x32 Input) scanned with progress
 * ({@code OUT/stream-scan.png}) and trained for SECONDS, printing the heap in use after each GC.</li>
 * </ul>
 * <pre>
 * DISPLAY=:N java -Xmx1g -Dprism.order=sw -cp benchmarks/target/classes:app/target/layerloom-app.jar \
 *     io.layerloom.bench.designer.DataWindowTour OUT [--runs FILE] [--stream FOLDER SECONDS] [--only stream]
 * </pre>
 */
public final class DataWindowTour {

    private DataWindowTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path runs = null;
        Path stream = null;
        int seconds = 60;
        String only = "";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Path.of(args[++i]);
                case "--stream" -> {
                    stream = Path.of(args[++i]);
                    seconds = Integer.parseInt(args[++i]);
                }
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        FxDriver.start();
        DesignerWindow w = FxDriver.onFx(() -> {
            Stage stage = new Stage();
            stage.setX(0);
            stage.setY(0);
            return DesignerWindow.openForTest(stage, null);
        });
        TrainingViewModel training = FxDriver.onFx(() -> w.view().training().viewModel());
        if (runs != null && (only.isEmpty() || only.equals("runs"))) {
            Path file = runs;
            FxDriver.run(() -> w.main().open(file));
            FxDriver.waitFor("the runs' graph", 30, () -> w.document().file().isPresent());
            FxDriver.run(() -> {
                FxDriver.selectTab(w, "tab-training");
                enlargeTraining(w);
                results(w).getTabs().stream().filter(t -> "training-runs-tab".equals(t.getId())).findFirst()
                        .ifPresent(t -> results(w).getSelectionModel().select(t));
            });
            FxDriver.waitFor("the runs", 30, () -> !training.runs().rows().isEmpty());
            FxDriver.run(() -> {
                @SuppressWarnings("unchecked")
                TableView<Object> table = (TableView<Object>) w.view().lookup("#runs-table");
                TableColumn<Object, ?> acc = table.getColumns().stream().filter(c -> "runs-test-accuracy".equals(c.getId()))
                        .findFirst().orElseThrow();
                acc.setSortType(TableColumn.SortType.DESCENDING);
                table.getSortOrder().setAll(List.of(acc));
            });
            FxDriver.settle(2500);
            captureTraining(w, out.resolve("runs-comparison.png"));
        }
        // after the runs: its edits leave the document unsaved, and opening a file would ask about them
        if (only.isEmpty()) {
            fitAndAugmentation(w, training, out);
        }
        if (stream != null) {
            stream(w, training, stream, seconds, out);
        }
        System.exit(0);
    }

    private static void fitAndAugmentation(DesignerWindow w, TrainingViewModel training, Path out) throws Exception {
        FxDriver.run(() -> w.main().newFromTemplate(Templates.byId("lenet5").orElseThrow()));
        FxDriver.waitFor("LeNet-5", 20, () -> w.document().graph().contains("c5") || w.document().graph().size() > 5);
        FxDriver.run(() -> {
            FxDriver.selectTab(w, "tab-training");
            enlargeTraining(w);
            results(w).getSelectionModel().select(0);
        });
        FxDriver.run(() -> training.data().choose(training.data().choices().stream()
                .filter(c -> c.kind() == DataChoice.Kind.SOURCE && c.label().startsWith("Fashion-MNIST (full)")).findFirst()
                .orElse(training.data().choices().get(0))));
        FxDriver.waitFor("the data-fit message", 300, () -> !training.data().loadingProperty().get()
                && training.data().blockingProperty().get() != null && !training.data().blockingProperty().get().fits().isEmpty()
                && training.data().summaryProperty().get().contains("54,000"));
        FxDriver.settle(2000);
        captureTraining(w, out.resolve("training-fit.png"));
        FxDriver.run(() -> training.data().blockingProperty().get().fits().get(0).action().run());
        FxDriver.waitFor("padded data", 120, () -> training.canStart().get());
        FxDriver.run(training::start);
        FxDriver.waitFor("a few iterations", 300, () -> training.state() == TrainingViewModel.State.FAILED
                || training.charts().loss().size() >= 20);
        FxDriver.settle(1500);
        captureTraining(w, out.resolve("training-fit-stored.png"));
        FxDriver.run(training::stop);
        FxDriver.waitFor("the run to stop", 120, () -> !training.runActiveProperty().get());

        AugmentationViewModel aug = training.data().augmentation();
        FxDriver.run(() -> {
            for (AugmentOp op : List.of(AugmentOp.FLIP, AugmentOp.CROP, AugmentOp.ROTATE, AugmentOp.BRIGHTNESS, AugmentOp.CUTOUT)) {
                aug.add(op);
            }
            aug.set(1, "padding", "3");
            aug.set(2, "degrees", "15");
            results(w).getTabs().stream().filter(t -> "training-augmentation-tab".equals(t.getId())).findFirst()
                    .ifPresent(t -> results(w).getSelectionModel().select(t));
        });
        FxDriver.waitFor("the preview", 60, () -> aug.previewProperty().get() != null);
        FxDriver.run(() -> {
            // the side panel scrolled to its end, where the steps are
            javafx.scene.Node steps = w.view().lookup("#training-augmentation");
            for (javafx.scene.Parent p = steps.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane scroll) {
                    scroll.setVvalue(1);
                    break;
                }
            }
        });
        FxDriver.settle(2500);
        captureTraining(w, out.resolve("augmentation-preview.png"));
    }

    private static void stream(DesignerWindow w, TrainingViewModel training, Path folder, int seconds, Path out) throws Exception {
        FxDriver.run(() -> w.main().newFromTemplate(Templates.byId("lenet5").orElseThrow()));
        FxDriver.waitFor("LeNet-5", 20, () -> w.document().graph().size() > 5);
        String input = FxDriver.onFx(() -> io.layerloom.app.training.TrainingSignature.inputs(w.document().graph()).get(0).id());
        FxDriver.run(() -> {
            w.document().apply(new Edit.SetParam(input, "shape", new Dims(List.of(3L, 32L, 32L))));
            FxDriver.selectTab(w, "tab-training");
            enlargeTraining(w);
        });
        // the Input's new shape decides how large the decoded folder would be: wait for the analysis to know it
        FxDriver.waitFor("the 3x32x32 Input analysed", 60, () -> w.document().analysis() != null
                && w.document().analysis().toString().length() > 0 && training.data().problemProperty().get().contains("3x32x32"));
        FxDriver.run(() -> training.data().choose(DataChoice.folder(folder)));
        long t0 = System.nanoTime();
        FxDriver.waitFor("the scan's progress", 600, () -> training.data().summaryProperty().get().contains("\u2026"));
        captureTraining(w, out.resolve("stream-scan.png"));
        FxDriver.waitFor("the folder scanned", 900, () -> training.canStart().get());
        System.out.printf(Locale.ROOT, "scanned in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                FxDriver.onFx(() -> training.data().summaryProperty().get()));
        FxDriver.run(training::start);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long maxAfterGc = 0;
        while (System.nanoTime() < end && training.state() != TrainingViewModel.State.FAILED) {
            Thread.sleep(2000);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    maxAfterGc = Math.max(maxAfterGc, pool.getCollectionUsage().getUsed());
                }
            }
        }
        FxDriver.settle(500);
        captureTraining(w, out.resolve("stream-training.png"));
        System.out.printf(Locale.ROOT, "state %s, progress '%s' after %d s; max heap %d MB; heap in use after GC (largest pool) %d MB;"
                        + " message '%s'%n", training.state(), FxDriver.onFx(() -> training.progressTextProperty().get()), seconds,
                Runtime.getRuntime().maxMemory() >> 20, maxAfterGc >> 20, FxDriver.onFx(() -> training.messageProperty().get()));
        FxDriver.run(training::stop);
        FxDriver.waitFor("the run to stop", 120, () -> !training.runActiveProperty().get());
    }

    /** Gives the bottom tabs (Training) most of the window's height: the canvas above keeps a strip. */
    private static void enlargeTraining(DesignerWindow w) {
        for (javafx.scene.Parent p = w.view().bottomTabs().getParent(); p != null; p = p.getParent()) {
            if (p instanceof javafx.scene.control.SplitPane split
                    && split.getOrientation() == javafx.geometry.Orientation.VERTICAL) {
                split.setDividerPositions(0.12);
            } else if (p instanceof javafx.scene.control.SplitPane split && split.getDividers().size() == 2) {
                split.setDividerPositions(0, 1); // the palette and the inspector out of the way
            }
        }
    }

    /** Takes the screen, then keeps only the bottom tabs' area (the Training tab) in {@code png}. */
    private static void captureTraining(DesignerWindow w, Path png) throws Exception {
        FxDriver.captureScreen(png);
        javafx.geometry.Bounds b = FxDriver.onFx(() -> w.view().bottomTabs().localToScreen(
                w.view().bottomTabs().getBoundsInLocal()));
        java.awt.image.BufferedImage all = javax.imageio.ImageIO.read(png.toFile());
        int x = (int) Math.max(0, b.getMinX());
        int y = (int) Math.max(0, b.getMinY());
        int width = (int) Math.min(all.getWidth() - x, b.getWidth());
        int height = (int) Math.min(all.getHeight() - y, b.getHeight());
        javax.imageio.ImageIO.write(all.getSubimage(x, y, width, height), "png", png.toFile());
    }

    private static TabPane results(DesignerWindow w) {
        return (TabPane) w.view().lookup(".training-results-tabs");
    }
}
