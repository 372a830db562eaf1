package io.layerloom.app.designer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.viewmodel.AdvisorViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.SummaryViewModel;
import io.layerloom.model.advice.Suggestion;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import javafx.application.Application;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.geometry.Orientation;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Advisor tab: a suggestion chosen shows the totals before and after (here and in the Summary), Apply and Undo. */
@ExtendWith(ApplicationExtension.class)
class AdvisorViewTest {

    private static final String GRAPH = """
            {"format": "layerloom-graph", "version": 1, "name": "advised", "nodes": [
              {"id": "in", "kind": "Input", "shape": [64, 16, 16], "position": [40, 40]},
              {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 128, "kernel": 3, "padding": 1,
               "activation": "relu", "position": [40, 170]},
              {"id": "gap", "kind": "GlobalAvgPool", "inputs": ["c"], "position": [40, 300]},
              {"id": "out", "kind": "Output", "inputs": ["gap"], "units": 10, "activation": "softmax", "loss": "mcxent",
               "position": [40, 430]}]}
            """;

    private DocumentViewModel document;
    private AdvisorViewModel model;
    private Graph original;
    private final ObservableMap<String, Double> times = FXCollections.observableHashMap();

    @Start
    void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        original = GraphJson.read(GRAPH, "advised.json");
        document = DocumentViewModel.direct(original);
        model = new AdvisorViewModel(document, times, BackgroundTasks.direct(), Runnable::run);
        SummaryView summary = new SummaryView(new SummaryViewModel(document));
        summary.showBeforeAfter(model.beforeAfterProperty());
        SplitPane both = new SplitPane(new AdvisorView(model), summary);
        both.setOrientation(Orientation.VERTICAL);
        stage.setScene(new Scene(both, 1300, 760));
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void applyingASuggestionIsOneUndoableEdit(FxRobot robot) {
        TableView<Suggestion> table = robot.lookup("#advisor-suggestions").queryAs(TableView.class);
        assertTrue(table.getItems().isEmpty(), "nothing is computed while the tab is hidden");

        robot.interact(() -> model.activeProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.List.of("separable:c"), model.ids());
        assertTrue(robot.lookup("#advisor-message").queryAs(Label.class).getText().startsWith("advised (75,146 params, 18.9 M MACs): 1 suggestion,"));

        robot.interact(() -> table.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        // 9*64*128 + 128 + 1,290 params before; 576 + 8,192 + 128 + 1,290 after (EfficiencyAdvisorTest works them out).
        String expected = "separable:c: Params 75,146 \u2192 10,186 (\u221286.4%), MACs 18.9 M \u2192 2.25 M (\u221288.1%)";
        assertEquals(expected, robot.lookup("#advisor-before-after").queryAs(Label.class).getText());
        assertEquals("Advisor: " + expected, robot.lookup("#summary-before-after").queryAs(Label.class).getText());
        assertEquals("c", document.primarySelection(), "the suggestion's layer is shown");

        robot.clickOn("#advisor-apply-separable-c");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("SeparableConv2D", document.graph().require("c").kind().name());
        assertEquals("Undo Make c depthwise-separable", document.undoTextProperty().get());
        assertEquals(10_186L, document.analysis().totals().params());
        assertTrue(model.suggestions().isEmpty(), "the new graph has nothing more to suggest");
        assertTrue(robot.lookup("#advisor-applied").queryAs(Label.class).getText().startsWith("Applied: Make c depthwise-separable."));
        assertFalse(robot.lookup("#summary-before-after").query().isVisible(), "no suggestion chosen any more");

        robot.interact(document::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(original, document.graph(), "one undo gives the graph back exactly");
        assertEquals(java.util.List.of("separable:c"), model.ids());
        assertEquals("", robot.lookup("#advisor-applied").queryAs(Label.class).getText());
    }

    @Test
    void aProfileAddsTheTimeShares(FxRobot robot) {
        robot.interact(() -> {
            model.activeProperty().set(true);
            times.put("c", 0.3);
            times.put("out", 0.1);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.75, model.layers().get(0).timeShare().getAsDouble(), 1e-12);
        assertEquals("c", model.layers().get(0).id(), "largest MAC share first");
        TableView<?> layers = robot.lookup("#advisor-layers").queryAs(TableView.class);
        assertTrue(layers.getColumns().stream().filter(c -> "advisor-time-column".equals(c.getId())).findFirst()
                .orElseThrow().isVisible(), "the Time column shows with a profile");
        robot.interact(times::clear);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(layers.getColumns().stream().filter(c -> "advisor-time-column".equals(c.getId())).findFirst()
                .orElseThrow().isVisible(), "and goes with it");
    }
}
