package io.layerloom.bench.designer;

import io.layerloom.app.designer.DesignerWindow;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.template.Templates;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;

/**
 * Takes the README's screenshots of the real window under Xvfb (docs/screenshots/take.sh runs it):
 * the ResNet-18 template, the receptive-field view of a dilated convolution on a Fashion-MNIST
 * image, and training in progress; with {@code -Dlayerloom.tour.onnx=DIR} (a folder holding
 * torchvision's {@code resnet18.onnx} and {@code convnext_tiny.onnx}, as PyTorch exports them) also
 * the imported ResNet-18 and the report of a model the import refuses, and with
 * {@code -Dlayerloom.tour.only=onnx} only those two; {@code =advisor} only the Advisor's two (VGG-16); {@code -Dlayerloom.tour.only=overview} only ResNet-18
 * zoomed to fit, with the minimap ({@code =main}: only the main window; {@code =blocks}: only the blocks'
 * pictures, a block card inspected in ResNet-18 and ResNet-50 as Bottleneck cards). Each picture is the X screen as ImageMagick's
 * {@code import} grabs it.
 */
public final class ScreenshotTour {

    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        FxDriver.start();
        DesignerWindow w = FxDriver.onFx(() -> {
            Stage stage = new Stage();
            stage.setX(0);
            stage.setY(0);
            return DesignerWindow.openForTest(stage, null);
        });

        String onnx = System.getProperty("layerloom.tour.onnx");
        if (onnx != null) {
            onnxShots(w, Path.of(onnx), out);
        }
        if ("onnx".equals(System.getProperty("layerloom.tour.only"))) {
            System.exit(0);
        }
        if ("blocks".equals(System.getProperty("layerloom.tour.only"))) {
            blocksShots(w, out);
            System.exit(0);
        }
        if ("advisor".equals(System.getProperty("layerloom.tour.only"))) {
            advisorShots(w, out);
            System.exit(0);
        }
        if ("overview".equals(System.getProperty("layerloom.tour.only"))) {
            FxDriver.run(() -> w.main().newFromTemplate(Templates.byId("resnet18").orElseThrow()));
            FxDriver.waitFor("ResNet-18 opened", 20, () -> w.document().graph().size() > 60 && w.document().analysis() != null
                    && w.document().analysis().nodes().size() == w.document().graph().size());
            FxDriver.settle(1500);
            overviewShot(w, out);
            System.exit(0);
        }

        // 1. The main window with the ResNet-18 template, a convolution selected, the summary below.
        FxDriver.run(() -> w.main().newFromTemplate(Templates.byId("resnet18").orElseThrow()));
        FxDriver.waitFor("ResNet-18 opened", 20, () -> w.document().graph().size() > 60 && w.document().analysis() != null
                && w.document().analysis().nodes().size() == w.document().graph().size());
        FxDriver.run(() -> {
            FxDriver.selectTab(w, "tab-summary");
            w.document().reveal("layer1.0.conv1");
        });
        FxDriver.settle(1500);
        FxDriver.captureScreen(out.resolve("main-window-resnet18.png"));
        if ("main".equals(System.getProperty("layerloom.tour.only"))) {
            System.exit(0);
        }
        overviewShot(w, out);
        blocksShots(w, out);
        advisorShots(w, out);

        // 2. The receptive field of a dilated convolution, drawn on a Fashion-MNIST image.
        FxDriver.run(() -> w.main().newFromTemplate(Templates.byId("small-cnn").orElseThrow()));
        FxDriver.waitFor("small CNN opened", 20, () -> w.document().graph().contains("conv2"));
        FxDriver.run(() -> {
            w.document().apply(new Edit.SetParam("conv2", "dilation", IntPair.of(2)));
            FxDriver.selectTab(w, "tab-training"); // the Training tab loads the chosen dataset and its samples
        });
        TrainingViewModel training = w.view().training().viewModel();
        FxDriver.run(() -> training.data().choose(training.data().choices().stream()
                .filter(c -> c.kind() == DataChoice.Kind.SOURCE && c.label().toLowerCase().contains("subset"))
                .findFirst().orElseThrow()));
        FxDriver.waitFor("Fashion-MNIST samples", 60, () -> !training.data().samples().isEmpty());
        FxDriver.run(() -> {
            FxDriver.selectTab(w, "tab-problems");
            w.document().reveal("conv2");
        });
        FxDriver.settle(1500);
        FxDriver.captureScreen(out.resolve("receptive-field.png"));

        // 3. Training in progress at 1440x900 (the Training tab takes half the height): the template
        //    as shipped, on the Fashion-MNIST subset.
        FxDriver.run(() -> {
            w.document().undo();
            w.document().select("conv2");
            FxDriver.selectTab(w, "tab-training");
        });
        FxDriver.waitFor("ready to train", 60, () -> training.canStart().get());
        FxDriver.run(training::start);
        FxDriver.waitFor("the first epoch", 600, () -> training.state() == TrainingViewModel.State.FAILED
                || training.state() == TrainingViewModel.State.FINISHED
                || !training.charts().trainLoss().isEmpty());
        FxDriver.settle(8000);
        FxDriver.captureScreen(out.resolve("training.png"));
        // 4. The same run's layer statistics, scrolled into view in the Training tab.
        FxDriver.run(() -> {
            javafx.scene.Node health = w.view().lookup("#training-layer-health");
            for (javafx.scene.Parent p = health.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane scroll) {
                    double y = health.localToScene(0, 0).getY() - scroll.getContent().localToScene(0, 0).getY();
                    double range = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                    scroll.setVvalue(range <= 0 ? 0 : Math.min(1, Math.max(0, (y - 40) / range)));
                    break;
                }
            }
        });
        FxDriver.settle(3000);
        FxDriver.captureScreen(out.resolve("training-layers.png"));
        // Stop, and let the run end before the tour exits.
        FxDriver.run(training::stop);
        FxDriver.waitFor("the run to stop", 120, () -> training.state() == TrainingViewModel.State.STOPPED
                || training.state() == TrainingViewModel.State.FINISHED || training.state() == TrainingViewModel.State.FAILED);
        FxDriver.settle(1000);
        System.exit(0);
    }

    /** ResNet-18 imported from PyTorch's ONNX file, and the report of ConvNeXt-Tiny (LayerNorm, GELU), which the import refuses. */
    private static void onnxShots(DesignerWindow w, Path folder, Path out) throws Exception {
        FxDriver.run(() -> w.onnx().importOnnx(folder.resolve("resnet18.onnx")));
        FxDriver.waitFor("ResNet-18 imported", 60, () -> w.document().weights().isPresent() && w.document().analysis() != null
                && w.document().analysis().nodes().size() == w.document().graph().size());
        FxDriver.run(() -> {
            FxDriver.selectTab(w, "tab-summary");
            w.document().reveal("/layer1/layer1.0/conv1/Conv");
        });
        FxDriver.settle(1500);
        FxDriver.captureScreen(out.resolve("onnx-import.png"));

        FxDriver.run(() -> w.onnx().importOnnx(folder.resolve("convnext_tiny.onnx")));
        FxDriver.waitFor("the import report", 60, () -> javafx.stage.Window.getWindows().size() > 1);
        FxDriver.settle(1500);
        FxDriver.captureScreen(out.resolve("onnx-unsupported.png"));
        FxDriver.run(() -> List.copyOf(javafx.stage.Window.getWindows()).stream().filter(win -> win != w.stage())
                .forEach(javafx.stage.Window::hide));
        FxDriver.settle(500);
    }

    /** The open graph zoomed to fit: the overview with its stage names and legend, and the minimap. */
    private static void overviewShot(DesignerWindow w, Path out) throws Exception {
        FxDriver.run(() -> {
            FxDriver.selectTab(w, "tab-summary");
            w.view().canvas().minimapShownProperty().set(true);
            w.document().select("layer3.0.conv1");
            w.view().canvas().zoomToFit();
        });
        FxDriver.settle(3000);
        FxDriver.captureScreen(out.resolve("overview-minimap.png"));
    }

    /**
     * Blocks: ResNet-18 with a block's card selected (the inspector shows the block, the Summary its
     * row opened to its layers), then ResNet-50 as its collapsed Bottleneck cards.
     */
    private static void blocksShots(DesignerWindow w, Path out) throws Exception {
        FxDriver.run(() -> w.main().newFromTemplate(Templates.byId("resnet18").orElseThrow()));
        FxDriver.waitFor("ResNet-18 opened", 20, () -> w.document().graph().size() > 60 && w.document().analysis() != null
                && w.document().analysis().nodes().size() == w.document().graph().size());
        FxDriver.run(() -> {
            FxDriver.selectTab(w, "tab-summary");
            w.document().reveal("layer2.0.relu2");
        });
        FxDriver.settle(500);
        FxDriver.run(() -> {
            var summary = (io.layerloom.app.designer.view.SummaryView) w.view().lookup(".summary-view");
            summary.model().setOpen("layer2.0", true);
            w.document().reveal("layer2.0.relu2");
        });
        FxDriver.settle(1500);
        FxDriver.captureScreen(out.resolve("blocks-inspector.png"));

        FxDriver.run(() -> w.main().newFromTemplate(Templates.byId("resnet50").orElseThrow()));
        FxDriver.waitFor("ResNet-50 opened", 30, () -> w.document().graph().size() > 150 && w.document().analysis() != null
                && w.document().analysis().nodes().size() == w.document().graph().size());
        FxDriver.run(() -> {
            FxDriver.selectTab(w, "tab-summary");
            w.document().reveal("layer2.0.relu3");
        });
        FxDriver.settle(1500);
        FxDriver.captureScreen(out.resolve("blocks-resnet50.png"));
    }

    /**
     * The Advisor tab on VGG-16, its first suggestion (global pooling) chosen and its layer shown;
     * then the Summary with that suggestion's totals before and after.
     */
    private static void advisorShots(DesignerWindow w, Path out) throws Exception {
        FxDriver.run(() -> w.main().newFromTemplate(Templates.byId("vgg16").orElseThrow()));
        FxDriver.waitFor("VGG-16 opened", 20, () -> w.document().graph().contains("fc8") && w.document().analysis() != null
                && w.document().analysis().nodes().size() == w.document().graph().size());
        FxDriver.run(() -> FxDriver.selectTab(w, "tab-advisor"));
        FxDriver.waitFor("the advice", 60, () -> w.view().lookup(".advisor-view") instanceof io.layerloom.app.designer.view.AdvisorView v
                && !v.model().suggestions().isEmpty());
        FxDriver.run(() -> {
            // Room for the list: the canvas gives the bottom tabs half the height, as for training.
            for (javafx.scene.Node n : w.view().lookupAll(".split-pane")) {
                if (n instanceof javafx.scene.control.SplitPane p && p.getItems().contains(w.view().bottomTabs())) {
                    p.setDividerPositions(0.5);
                }
            }
            var advisor = ((io.layerloom.app.designer.view.AdvisorView) w.view().lookup(".advisor-view")).model();
            advisor.select(advisor.suggestions().get(0));
            advisor.reveal(advisor.suggestions().get(0));
        });
        FxDriver.settle(1500);
        FxDriver.captureScreen(out.resolve("advisor.png"));
        FxDriver.run(() -> FxDriver.selectTab(w, "tab-summary"));
        FxDriver.settle(1500);
        FxDriver.captureScreen(out.resolve("advisor-summary.png"));
    }
}
