package io.layerloom.app.designer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.ScriptedDialogs;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.service.PruneService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.MainViewModel;
import io.layerloom.app.designer.viewmodel.PruneViewModel;
import io.layerloom.app.designer.viewmodel.StatusViewModel;
import io.layerloom.app.prune.PruneNetworks;
import io.layerloom.app.prune.PruneSession;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.prune.ChannelTies;
import io.layerloom.model.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Prune dialog, with a pruning service that answers at once: the chart per layer, Prune, Open. */
@ExtendWith(ApplicationExtension.class)
class PruneDialogTest {

    private PruneViewModel model;
    private DocumentViewModel document;
    private Path file;

    private final PruneService fake = new PruneService() {
        @Override
        public PruneSession.Sensitivity sensitivity(Graph graph, Path f, Progress progress, BooleanSupplier cancelled) {
            ChannelTies ties = ChannelTies.of(graph);
            return new PruneSession.Sensitivity(0.85, List.of(
                    new PruneSession.SensitivityRow(ties.groups().get(0), List.of(0.1, 0.5, 0.9), List.of(0.84, 0.77, 0.35)),
                    new PruneSession.SensitivityRow(ties.groups().get(1), List.of(0.1, 0.5, 0.9), List.of(0.85, 0.84, 0.78))));
        }

        @Override
        public Outcome prune(Graph graph, Path f, double ratio, int epochs, Path out, Progress progress, BooleanSupplier cancelled)
                throws Exception {
            Files.writeString(out, GraphJson.write(graph));
            return new Outcome(out, out.resolveSibling("small-cnn-pruned.dl4j.zip"),
                    new PruneNetworks.Figures(34_826, 34_826, 2_440_960, 0.8459, 2000), 0.7058,
                    new PruneNetworks.Figures(12_810, 12_810, 662_912, 0.8592, 3000), Map.of("conv1", new int[] {32, 16}), epochs);
        }
    };

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        file = Files.createTempDirectory("prune-dialog").resolve("small-cnn.json");
        Files.writeString(file, Templates.text(Templates.byId("small-cnn").orElseThrow()));
        document = DocumentViewModel.direct(Graph.empty("g"));
        MainViewModel main = new MainViewModel(document, new StatusViewModel(document, BackgroundTasks.direct()),
                new ScriptedDialogs(), RecentFilesStore.inMemory(), Runnable::run, Runnable::run, GraphLayoutService::placeMissing);
        main.open(file);
        model = new PruneViewModel(main, fake, BackgroundTasks.direct(), Runnable::run, Runnable::run);
        stage.setScene(new Scene(new StackPane(), 200, 100));
        stage.show();
        new PruneDialog(stage, model, "small-cnn.json").show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void analysisDrawsALinePerLayerAndPruningOffersTheSmallerGraph(FxRobot robot) {
        LineChart<Number, Number> chart = robot.lookup("#prune-chart").queryAs(LineChart.class);
        assertTrue(chart.getData().isEmpty());
        robot.clickOn("#prune-analyse");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("unpruned", "conv1 (32)", "conv2 (64)"), chart.getData().stream().map(s -> s.getName()).toList());
        // the unpruned point, then 10%, 50%, 90%
        assertEquals(List.of(85.0, 84.0, 77.0, 35.0), chart.getData().get(1).getData().stream()
                .map(d -> Math.round(d.getYValue().doubleValue() * 100) / 100.0).toList());

        assertTrue(robot.lookup("#prune-open").queryAs(Button.class).isDisable());
        robot.clickOn("#prune-run");
        WaitForAsyncUtils.waitForFxEvents();
        String result = robot.lookup("#prune-result").queryAs(TextArea.class).getText();
        assertTrue(result.contains("conv1: 32 -> 16 filters") && result.contains("-72.8%"), result);
        assertFalse(robot.lookup("#prune-open").queryAs(Button.class).isDisable());
        robot.clickOn("#prune-open");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(file.resolveSibling("small-cnn-pruned.json"), document.file().orElseThrow());
    }
}
