package io.layerloom.app.designer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.designer.ScriptedDialogs;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.service.PruneService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.prune.PruneNetworks;
import io.layerloom.app.prune.PruneSession;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.prune.ChannelTies;
import io.layerloom.model.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prune dialog's model without DL4J: a service that reports progress and returns what it was given. */
class PruneViewModelTest {

    @TempDir
    Path dir;

    private final Queue<Runnable> background = new ArrayDeque<>();
    private final DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
    private final MainViewModel main = new MainViewModel(doc, new StatusViewModel(doc, BackgroundTasks.direct()),
            new ScriptedDialogs(), RecentFilesStore.inMemory(), Runnable::run, Runnable::run, GraphLayoutService::placeMissing);
    private Path asked;
    private double askedRatio;

    private final PruneService fake = new PruneService() {
        @Override
        public PruneSession.Sensitivity sensitivity(Graph graph, Path file, Progress progress, BooleanSupplier cancelled) {
            asked = file;
            progress.at("conv1 at 50%", 0.5);
            ChannelTies ties = ChannelTies.of(graph);
            progress.sensitivitySoFar(new PruneSession.Sensitivity(0.9, List.of(new PruneSession.SensitivityRow(
                    ties.groups().get(0), List.of(0.1), List.of(0.89)))));
            return new PruneSession.Sensitivity(0.9, List.of(new PruneSession.SensitivityRow(ties.groups().get(0),
                    List.of(0.1, 0.5), List.of(0.89, 0.7))));
        }

        @Override
        public Outcome prune(Graph graph, Path file, double ratio, int epochs, Path out, Progress progress,
                             BooleanSupplier cancelled) throws Exception {
            askedRatio = ratio;
            Files.writeString(out, GraphJson.write(graph));
            return new Outcome(out, out.resolveSibling("small-cnn-pruned.dl4j.zip"),
                    new PruneNetworks.Figures(34_826, 34_826, 2_440_000, 0.85, 1000),
                    0.70, new PruneNetworks.Figures(12_810, 12_810, 660_000, 0.86, 2500), Map.of("conv1", new int[] {32, 16}),
                    epochs);
        }
    };

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @Test
    void blockedUntilSavedThenAnalysesAndPrunesInTheBackground() throws Exception {
        PruneViewModel prune = new PruneViewModel(main, fake, BackgroundTasks.direct(), background::add, Runnable::run);
        assertFalse(prune.canStartBinding().get());
        assertTrue(prune.blockedProperty().get().startsWith("Save the graph and train it first"));

        Path file = dir.resolve("small-cnn.json");
        Files.writeString(file, Templates.text(Templates.byId("small-cnn").orElseThrow()));
        main.open(file);
        assertTrue(prune.canStartBinding().get(), prune.blockedProperty().get());

        List<Integer> pointsShown = new java.util.ArrayList<>();
        prune.sensitivityProperty().addListener((o, was, is) -> {
            if (is != null) {
                pointsShown.add(is.rows().get(0).accuracy().size());
            }
        });
        prune.analyse();
        assertTrue(prune.runningProperty().get());
        assertFalse(prune.canStartBinding().get(), "one task at a time");
        runBackground();
        assertEquals(file, asked);
        assertEquals(0.9, prune.sensitivityProperty().get().baseline());
        assertEquals(List.of(1, 2), pointsShown, "the chart grows point by point, then shows the whole analysis");
        assertEquals("Sensitivity of 1 layer group: unpruned test accuracy 90.00%.", prune.messageProperty().get());

        prune.ratioProperty().set(0.5);
        prune.fineTuneEpochsProperty().set(1);
        assertNull(prune.prunedProperty().get());
        prune.prune();
        runBackground();
        assertEquals(0.5, askedRatio);
        assertEquals(dir.resolve("small-cnn-pruned.json"), prune.prunedProperty().get());
        String result = prune.resultProperty().get();
        assertTrue(result.contains("conv1: 32 -> 16 filters"), result);
        assertTrue(result.contains("-63.2%"), result);
        assertTrue(result.contains("(pruned, before 1 epoch of fine-tuning: 70.00%)"), result);

        prune.openPruned();
        assertEquals(dir.resolve("small-cnn-pruned.json"), doc.file().orElseThrow());
    }
}
