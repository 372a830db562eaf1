package io.layerloom.app.designer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.designer.service.ProfileService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.profile.Profile;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The Profile action without DL4J: a service that reports progress and returns a profile it was given. */
class ProfileViewModelTest {

    private final Queue<Runnable> background = new ArrayDeque<>();

    /** Each node of {@code graph} took 1 ms per node index (the input none); 2 ms outside the layers. */
    private static Profile profileOf(Graph graph) {
        List<Profile.NodeTime> nodes = new ArrayList<>();
        int i = 0;
        for (Node n : graph.nodes()) {
            nodes.add(new Profile.NodeTime(n.id(), n.kind().name(), i * 0.25, i * 0.75, 0, 0, true));
            i++;
        }
        return new Profile(graph.name(), 16, 1, 3, "random", nodes, new Profile.Outside(0.5, 0.25, 1, 0.25), 10, 0,
                new Profile.Machine("cpu", 2, 1, "build"));
    }

    private ProfileViewModel model(DocumentViewModel document, ProfileService service) {
        return new ProfileViewModel(document, service, BackgroundTasks.direct(), background::add, Runnable::run);
    }

    private final ProfileService fake = (graph, progress, cancelled) -> {
        progress.update("Iteration 2 of 3", 0.5);
        return profileOf(graph);
    };

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @Test
    void profilingRunsInTheBackgroundThenGivesEachLayersTimeAndShare() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        ProfileViewModel profile = model(document, fake);
        assertTrue(profile.canProfileBinding().get());

        profile.profile();

        assertTrue(profile.runningProperty().get());
        assertFalse(profile.canProfileBinding().get(), "one profile at a time");
        assertTrue(profile.timeByNode().isEmpty());
        runBackground();

        Profile expected = profileOf(document.graph());
        assertFalse(profile.runningProperty().get());
        assertEquals(document.graph().size(), profile.shareByNode().size());
        for (Profile.NodeTime n : expected.nodes()) {
            assertEquals(expected.share(n), profile.shareByNode().get(n.id()), 1e-12, n.id());
        }
        Profile.NodeTime last = expected.nodes().get(expected.nodes().size() - 1);
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f ms, %.1f%%", last.totalMs(), 100 * expected.share(last)),
                profile.timeByNode().get(last.id()));
        assertTrue(profile.messageProperty().get().startsWith("Profiled: " + String.format(java.util.Locale.ROOT, "%.1f",
                expected.partsMs()) + " ms per iteration at batch 16"), profile.messageProperty().get());
        assertEquals(1.0, profile.progressProperty().get());
    }

    @Test
    void anEditClearsTheTimesOfTheGraphProfiled() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        ProfileViewModel profile = model(document, fake);
        profile.profile();
        runBackground();
        assertFalse(profile.shareByNode().isEmpty());

        document.apply(new Edit.SetParam("conv", "filters", 8L));

        assertTrue(profile.shareByNode().isEmpty() && profile.timeByNode().isEmpty());
        assertEquals("", profile.messageProperty().get());
    }

    @Test
    void cancelTellsTheProfilerToStopAndDropsItsResult() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        AtomicBoolean sawStop = new AtomicBoolean();
        ProfileViewModel[] holder = new ProfileViewModel[1];
        ProfileViewModel profile = model(document, (graph, progress, cancelled) -> {
            holder[0].cancel(); // the user presses Cancel while it runs
            sawStop.set(cancelled.getAsBoolean());
            return profileOf(graph);
        });
        holder[0] = profile;

        profile.profile();
        runBackground();

        assertTrue(sawStop.get(), "the profiler is asked to stop");
        assertTrue(profile.shareByNode().isEmpty());
        assertEquals("Profiling cancelled.", profile.messageProperty().get());
        assertTrue(profile.canProfileBinding().get());
    }

    @Test
    void aGraphWithErrorsCannotBeProfiled() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        ProfileViewModel profile = model(document, fake);

        document.apply(new Edit.SetParam("conv", "kernel", io.layerloom.model.layer.IntPair.of(99)));

        assertFalse(profile.canProfileBinding().get());
        profile.profile();
        assertTrue(background.isEmpty());
        assertEquals(Map.of(), Map.copyOf(profile.timeByNode()));
    }
}
