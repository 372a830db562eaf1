package io.layerloom.app.designer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.service.ProfileService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.ProfileViewModel;
import io.layerloom.app.designer.viewmodel.SummaryViewModel;
import io.layerloom.app.profile.Profile;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.LayerKinds;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.control.SplitPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Profiling as the Run menu starts it: the Summary's Time column and the bars on the cards (a fake profiler). */
@ExtendWith(ApplicationExtension.class)
class ProfileViewTest {

    private DocumentViewModel document;
    private CanvasView canvas;
    private ProfileViewModel model;

    /** conv took 3 ms, flat 1 ms, out 0 ms (forward inside backward), 4 ms outside: shares 3/8, 1/8. */
    private static Profile profile(Graph graph) {
        List<Profile.NodeTime> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            double ms = switch (n.id()) {
                case "conv" -> 3;
                case "flat" -> 1;
                default -> 0;
            };
            nodes.add(new Profile.NodeTime(n.id(), n.kind().name(), ms / 2, ms / 2, 0, 0, true));
        }
        return new Profile(graph.name(), 8, 1, 2, "random", nodes, new Profile.Outside(1, 1, 1, 1), 8, 0,
                new Profile.Machine("cpu", 2, 1, "build"));
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        document = DocumentViewModel.direct(new Graph("t", "", List.of(
                node("in", "Input", 40, null), node("conv", "Conv2D", 180, "in"),
                node("flat", "Flatten", 320, "conv"), node("out", "Output", 460, "flat"))));
        ProfileService fake = (graph, progress, cancelled) -> profile(graph);
        ProfileViewModel model = new ProfileViewModel(document, fake, BackgroundTasks.direct(), Runnable::run, Runnable::run);
        canvas = new CanvasView(new CanvasViewModel(document));
        canvas.showTimeShares(model.shareByNode());
        SummaryView summary = new SummaryView(new SummaryViewModel(document));
        summary.showTimes(model.timeByNode());
        this.model = model;
        stage.setScene(new Scene(new SplitPane(canvas, new BorderPane(summary, null, null, new ProfileStatus(model), null)),
                1100, 620));
        stage.show();
    }

    private static Node node(String id, String kind, double y, String input) {
        Node n = input == null ? Node.of(id, LayerKinds.byName(kind).orElseThrow().defaults())
                : Node.of(id, LayerKinds.byName(kind).orElseThrow().defaults(), input);
        return n.withPosition(new Position(40, y));
    }

    @Test
    @SuppressWarnings("unchecked")
    void profileFillsTheTimeColumnAndDrawsEachLayersShareOnItsCard(FxRobot robot) {
        TableView<SummaryViewModel.Row> table = robot.lookup("#summary-table").queryAs(TableView.class);
        assertTrue(table.getColumns().stream().noneMatch(c -> "summary-time-column".equals(c.getId())),
                "no Time column before a profile");
        assertFalse(robot.lookup("#profile-status").query().isVisible());

        robot.interact(model::profile); // Run > Profile Training Iteration
        WaitForAsyncUtils.waitForFxEvents();

        TableColumn<SummaryViewModel.Row, String> time = (TableColumn<SummaryViewModel.Row, String>) table.getColumns().stream()
                .filter(c -> "summary-time-column".equals(c.getId())).findFirst().orElseThrow();
        assertEquals("Time", time.getText());
        assertEquals(4, table.getColumns().indexOf(time), "after MACs");
        assertEquals(List.of("0.00 ms, 0.0%", "3.00 ms, 37.5%", "1.00 ms, 12.5%", "0.00 ms, 0.0%"),
                List.of(time.getCellData(0), time.getCellData(1), time.getCellData(2), time.getCellData(3)));
        assertEquals(0.375, canvas.nodeView("conv").timeBarShare(), 1e-9);
        assertEquals(0.125, canvas.nodeView("flat").timeBarShare(), 1e-9);
        assertEquals(0, canvas.nodeView("out").timeBarShare());
        String message = robot.lookup("#profile-message").queryAs(Label.class).getText();
        assertTrue(message.startsWith("Profiled: 8.0 ms per iteration at batch 8") && message.contains("hotspots conv 38%, flat 13%"),
                message);

        robot.interact(() -> document.apply(new io.layerloom.model.graph.Edit.SetParam("conv", "filters", 8L)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(table.getColumns().stream().noneMatch(c -> "summary-time-column".equals(c.getId())),
                "an edit takes the stale times away");
        assertEquals(0, canvas.nodeView("conv").timeBarShare());
    }
}
