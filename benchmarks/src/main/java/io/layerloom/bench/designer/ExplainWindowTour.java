package io.layerloom.bench.designer;

import io.layerloom.app.designer.DesignerWindow;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.app.training.TrainingEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;

/**
 * Issue 15 §1 in the real window under Xvfb (as {@link ScreenshotTour}): the small-cnn template
 * with "normalization": "auto" trained on the Training tab on fashion-mnist-subset; during the run
 * the Explain tab takes a snapshot ({@code OUT/explain-during.png}), after it the Explain tab shows
 * the network just trained ({@code explain-trained.png}); then a real mouse click on the confusion
 * matrix's largest off-diagonal cell opens the gallery of that cell ({@code confusion-gallery.png}).
 * With {@code validation} after EPOCHS, the run is paused once the first epoch's validation matrix
 * shows, and a click on its largest off-diagonal cell opens the gallery of that cell's validation
 * images, the first of them explained ({@code explain-validation.png}).
 * <pre>
 * DISPLAY=:N java -Dprism.order=sw -cp benchmarks/target/classes:app/target/layerloom-app.jar \
 *     io.layerloom.bench.designer.ExplainWindowTour OUT [EPOCHS [validation]]
 * </pre>
 */
public final class ExplainWindowTour {

    private ExplainWindowTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path graph = Files.createTempDirectory("explain-tour").resolve("cnn.json");
        String template;
        try (InputStream in = ExplainWindowTour.class.getResourceAsStream("/io/layerloom/model/templates/small-cnn.json")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(graph, template.replaceFirst("\"version\": 1,", "\"version\": 1, \"training\": {\"epochs\": " + epochs
                + ", \"batchSize\": 64, \"learningRate\": 0.001, \"optimizer\": \"adam\", \"seed\": 42, \"normalization\": \"auto\"},"));
        FxDriver.start();
        DesignerWindow w = FxDriver.onFx(() -> {
            Stage stage = new Stage();
            stage.setX(0);
            stage.setY(0);
            return DesignerWindow.openForTest(stage, null);
        });
        FxDriver.run(() -> w.main().open(graph));
        FxDriver.waitFor("the graph", 30, () -> w.document().file().isPresent() && w.document().analysis() != null);
        FxDriver.run(() -> FxDriver.selectTab(w, "tab-training"));
        TrainingViewModel training = FxDriver.onFx(() -> w.view().training().viewModel());
        FxDriver.run(() -> training.data().choose(training.data().choices().stream()
                .filter(c -> c.kind() == DataChoice.Kind.SOURCE && c.label().toLowerCase().contains("subset"))
                .findFirst().orElseThrow()));
        FxDriver.waitFor("ready to train", 120, () -> training.canStart().get());
        FxDriver.run(training::start);
        if (args.length > 2 && args[2].equals("validation")) {
            validationGallery(w, training, out.resolve("explain-validation.png"));
            System.exit(0);
        }
        FxDriver.waitFor("some iterations", 600, () -> training.state() == TrainingViewModel.State.FAILED
                || training.charts().loss().size() >= 40);

        // during the run: the Explain tab takes a snapshot at the next iteration boundary
        FxDriver.run(() -> FxDriver.selectTab(w, "tab-explain"));
        FxDriver.run(() -> roomForTheTabs(w));
        FxDriver.waitFor("the snapshot explained", 300, () -> shows(w, "#explain-gradcam") && text(w, "#explain-source").startsWith("A snapshot"));
        FxDriver.run(() -> chooseLayer(w, "conv1"));
        FxDriver.settle(2500);
        FxDriver.captureScreen(out.resolve("explain-during.png"));

        FxDriver.waitFor("the end of training", 1200, () -> !training.runActiveProperty().get());
        TrainingViewModel.State end = FxDriver.onFx(training::state);
        if (end != TrainingViewModel.State.FINISHED) {
            throw new IllegalStateException("training ended " + end);
        }
        FxDriver.run(() -> ((javafx.scene.control.Button) w.view().lookup("#explain-refresh")).fire());
        FxDriver.waitFor("the trained network explained", 300, () -> shows(w, "#explain-gradcam")
                && text(w, "#explain-source").equals("The network trained on the Training tab."));
        FxDriver.run(() -> chooseLayer(w, "conv1"));
        FxDriver.settle(2500);
        FxDriver.captureScreen(out.resolve("explain-trained.png"));

        // the largest off-diagonal cell of the test set's confusion matrix, clicked with the mouse
        clickLargestMistake(w, training);
        FxDriver.waitFor("the cell's gallery", 300, () -> text(w, "#explain-gallery-title").startsWith("True "));
        FxDriver.run(() -> roomForTheTabs(w));
        FxDriver.run(() -> scrollIntoView(w.view().lookup("#explain-gallery-title")));
        FxDriver.settle(2500);
        FxDriver.captureScreen(out.resolve("confusion-gallery.png"));
        System.out.println(FxDriver.onFx(() -> text(w, "#explain-gallery-title")));
        System.exit(0);
    }

    /**
     * Pauses the run once the first validation matrix shows, clicks its largest off-diagonal cell,
     * then the gallery's first image, and captures the Explain tab with that validation image explained.
     */
    private static void validationGallery(DesignerWindow w, TrainingViewModel training, Path png) throws Exception {
        FxDriver.waitFor("the first validation matrix", 1200, () -> training.evaluationProperty().get() != null);
        FxDriver.run(training::togglePause);
        FxDriver.waitFor("the pause", 120, () -> training.state() == TrainingViewModel.State.PAUSED);
        FxDriver.settle(1500);
        System.out.println(FxDriver.onFx(() -> training.evaluationTitleProperty().get()));
        clickLargestMistake(w, training);
        FxDriver.waitFor("the cell's gallery", 300, () -> text(w, "#explain-gallery-title").startsWith("True "));
        FxDriver.run(() -> roomForTheTabs(w));
        FxDriver.settle(1000);
        Node first = FxDriver.onFx(() -> ((javafx.scene.layout.Pane) w.view().lookup("#explain-gallery")).getChildren().get(0));
        FxDriver.run(() -> scrollIntoView(first));
        FxDriver.settle(1000);
        click(first);
        FxDriver.waitFor("the validation image explained", 300, () -> w.view().lookupAll(".training-section-title").stream()
                .anyMatch(n -> n instanceof Label l && l.getText() != null && l.getText().startsWith("Validation image ")));
        FxDriver.run(() -> chooseLayer(w, "conv1"));
        // the explained image's title (above its picture) at the top, the gallery below
        FxDriver.run(() -> scrollIntoView(w.view().lookup("#explain-input").getParent().getParent()));
        FxDriver.settle(2500);
        FxDriver.captureScreen(png);
        System.out.println(FxDriver.onFx(() -> text(w, "#explain-gallery-title")));
    }

    /** Clicks, with the mouse, the largest off-diagonal cell of the Training tab's confusion matrix. */
    private static void clickLargestMistake(DesignerWindow w, TrainingViewModel training) throws Exception {
        TrainingEvent.Evaluated test = FxDriver.onFx(() -> training.evaluationProperty().get());
        int[] cell = {0, 1};
        for (int i = 0; i < test.confusion().length; i++) {
            for (int j = 0; j < test.confusion().length; j++) {
                if (i != j && test.confusion()[i][j] > test.confusion()[cell[0]][cell[1]]) {
                    cell[0] = i;
                    cell[1] = j;
                }
            }
        }
        System.out.println("clicking " + test.set() + " cell " + cell[0] + " -> " + cell[1] + ": "
                + test.confusion()[cell[0]][cell[1]] + " images");
        FxDriver.run(() -> FxDriver.selectTab(w, "tab-training"));
        FxDriver.settle(1000);
        Node target = FxDriver.onFx(() -> w.view().lookup("#confusion-" + cell[0] + "-" + cell[1]));
        FxDriver.run(() -> scrollIntoView(target));
        FxDriver.settle(1000);
        click(target);
    }

    private static void click(Node target) throws Exception {
        FxDriver.run(() -> {
            Bounds b = target.localToScreen(target.getBoundsInLocal());
            Robot robot = new Robot();
            robot.mouseMove(b.getCenterX(), b.getCenterY());
            robot.mouseClick(MouseButton.PRIMARY);
        });
    }

    /** The bottom tabs get most of the height (the user drags the divider so). */
    private static void roomForTheTabs(DesignerWindow w) {
        for (Node n : w.view().lookupAll(".split-pane")) {
            if (n instanceof javafx.scene.control.SplitPane p && p.getItems().contains(w.view().bottomTabs())) {
                p.setDividerPositions(0.12);
            }
        }
    }

    private static void chooseLayer(DesignerWindow w, String layer) {
        @SuppressWarnings("unchecked")
        ComboBox<String> box = (ComboBox<String>) w.view().lookup("#explain-layer");
        box.setValue(layer);
    }

    private static boolean shows(DesignerWindow w, String id) {
        return w.view().lookup(id) instanceof ImageView v && v.getImage() != null;
    }

    /** A label's text; on the FX thread. */
    private static String text(DesignerWindow w, String id) {
        return w.view().lookup(id) instanceof Label l && l.getText() != null ? l.getText() : "";
    }

    /** Scrolls the scroll pane around {@code node} so that it shows near the top, as a user would. */
    private static void scrollIntoView(Node node) {
        Parent p = node.getParent();
        while (p != null && !(p instanceof ScrollPane)) {
            p = p.getParent();
        }
        if (p instanceof ScrollPane scroll) {
            Node content = scroll.getContent();
            Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
            double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            if (room > 0) {
                scroll.setVvalue(Math.min(1, Math.max(0, (b.getMinY() - 10) / room)));
            }
        }
    }
}
