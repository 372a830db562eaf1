package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.FakeTrainer;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.runs.RunFiles;
import io.layerloom.app.runs.RunRecord;
import io.layerloom.app.runs.SettingsDiff;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** The window records its runs beside the graph's file and the Runs view reads, ticks, compares and discards them. */
class RunsViewModelTest {

    private static void run(TrainingViewModel vm, FakeTrainer trainer, TrainingEvent end) {
        vm.start();
        trainer.emit(new TrainingEvent.Started(2, 10, 1091, 42),
                new TrainingEvent.Epoch(1, 0.9, 0.6, 0.8, 0.65),
                new TrainingEvent.Epoch(2, 0.7, 0.7, 0.75, 0.7), end);
        vm.flush();
    }

    @Test
    void windowRunsAreRecordedComparedAndDiscarded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.json");
        GraphJson.write(TrainingViewModelTest.dense("[1, 8, 8]"), file);
        FakeTrainer trainer = new FakeTrainer();
        DocumentViewModel document = DocumentViewModel.direct(GraphJson.read(file));
        document.markSaved(file);
        TrainingViewModel vm = new TrainingViewModel(document, trainer, BackgroundTasks.direct(), Runnable::run);
        vm.data().ensureLoaded();
        RunsViewModel runs = vm.runs();

        run(vm, trainer, new TrainingEvent.Finished(2, 20, 3.5));
        assertEquals(1, RunFiles.list(file).runs().size(), "recorded when the run ended");
        assertEquals(1, runs.rows().size(), "read again when the run ended");
        RunRecord first = runs.rows().get(0).run();
        assertEquals("window", first.origin());
        assertEquals(RunRecord.Outcome.FINISHED, first.outcome());
        assertEquals(2, first.epochs().size());
        assertEquals(trainer.split.train().count(), first.data().train());

        vm.settings().setLearningRate(0.01);
        run(vm, trainer, new TrainingEvent.Stopped(2, 20));
        assertEquals(2, runs.rows().size());
        assertEquals(RunRecord.Outcome.STOPPED, runs.rows().get(1).run().outcome());
        assertEquals(List.of("learningRate"), runs.columns(), "the setting that differs is a column");
        assertEquals(2, runs.ticked().size(), "new runs are ticked");
        assertEquals(List.of("learningRate"), runs.highlighted());
        assertEquals("0.01", runs.rows().get(1).setting("learningRate"));
        assertTrue(runs.rows().get(1).label(runs.highlighted()).endsWith(": learningRate 0.01"), runs.rows().get(1).label(runs.highlighted()));

        runs.rows().get(0).tickedProperty().set(false);
        assertEquals(List.of(runs.rows().get(1)), runs.ticked());
        assertEquals(List.of(), runs.highlighted(), "one ticked run differs from nothing");

        runs.discard(List.of(runs.rows().get(0)));
        assertEquals(1, runs.rows().size());
        assertEquals(1, RunFiles.list(file).runs().size(), "the discarded run's record is gone");
        assertEquals(List.of(), SettingsDiff.differing(RunFiles.list(file).runs()));
    }

    @Test
    void aGraphWithoutAFileRecordsNothingAndSaysWhy() throws Exception {
        FakeTrainer trainer = new FakeTrainer();
        DocumentViewModel document = DocumentViewModel.direct(TrainingViewModelTest.dense("[1, 8, 8]"));
        TrainingViewModel vm = new TrainingViewModel(document, trainer, BackgroundTasks.direct(), Runnable::run);
        vm.data().ensureLoaded();
        run(vm, trainer, new TrainingEvent.Finished(2, 20, 3.5));
        assertTrue(vm.runs().rows().isEmpty());
        assertTrue(vm.runs().messageProperty().get().contains("save the graph"), vm.runs().messageProperty().get());
    }

    @Test
    void aRunRefusedBeforeItsFirstBatchIsNotRecorded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.json");
        GraphJson.write(TrainingViewModelTest.dense("[1, 8, 8]"), file);
        FakeTrainer trainer = new FakeTrainer();
        DocumentViewModel document = DocumentViewModel.direct(GraphJson.read(file));
        document.markSaved(file);
        TrainingViewModel vm = new TrainingViewModel(document, trainer, BackgroundTasks.direct(), Runnable::run);
        vm.data().ensureLoaded();
        vm.start();
        trainer.emit(new TrainingEvent.Failed("The graph cannot be trained: x", "Fix it."));
        vm.flush();
        assertFalse(Files.exists(RunFiles.folderFor(file)));
    }
}
