package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.DataException;
import io.layerloom.app.designer.FakeTrainer;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.viewmodel.TrainingSettingsViewModel.Field;
import io.layerloom.app.designer.viewmodel.TrainingViewModel.State;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TrainingViewModelTest {

    private FakeTrainer trainer;
    private DocumentViewModel document;
    private TrainingViewModel vm;

    static Graph dense(String inputShape) throws Exception {
        return GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "tiny", "nodes": [
                  {"id": "in", "kind": "Input", "shape": %s},
                  {"id": "flat", "kind": "Flatten", "inputs": ["in"]},
                  {"id": "dense", "kind": "Dense", "inputs": ["flat"], "units": 16, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["dense"], "units": 3}
                ]}""".formatted(inputShape), "tiny.json");
    }

    @BeforeEach
    void setUp() throws Exception {
        trainer = new FakeTrainer();
        document = DocumentViewModel.direct(dense("[1, 8, 8]"));
        vm = new TrainingViewModel(document, trainer, BackgroundTasks.direct(), Runnable::run);
    }

    private void loadAndStart() {
        vm.data().ensureLoaded();
        vm.start();
        trainer.emit(new TrainingEvent.Started(2, 10, 1091, 42));
        vm.flush();
    }

    private static TrainingEvent.Iteration iteration(int i, double score) {
        return new TrainingEvent.Iteration(1 + (i - 1) / 10, i, score, 1e-3, 1000, 20 - i);
    }

    @Test
    void theStateMachineDrivesTheButtons() {
        assertEquals(State.IDLE, vm.state());
        assertFalse(vm.canStart().get(), "no data yet");

        vm.data().ensureLoaded();
        assertEquals(List.of("fashion-mnist-subset"), trainer.loadedSources);
        assertEquals(State.IDLE, vm.state());
        assertEquals("", vm.data().problemProperty().get());
        assertEquals(List.of(true, false, false), List.of(vm.canStart().get(), vm.canPause().get(), vm.canStop().get()));

        vm.start();
        assertEquals(State.LOADING, vm.state());
        assertEquals("Loading ND4J\u2026 (the first start takes a few seconds)", vm.statusProperty().get());
        assertEquals(-1, vm.progressProperty().get(), "indeterminate while ND4J loads");
        assertEquals(List.of(false, false, true), List.of(vm.canStart().get(), vm.canPause().get(), vm.canStop().get()));
        assertTrue(vm.runActiveProperty().get(), "the chooser and the form are locked");

        trainer.emit(new TrainingEvent.Started(2, 10, 1091, 42));
        vm.flush();
        assertEquals(State.RUNNING, vm.state());
        assertEquals("Training 1,091 parameters on 30 examples (seed 42)\u2026", vm.statusProperty().get());
        assertEquals(List.of(false, true, true), List.of(vm.canStart().get(), vm.canPause().get(), vm.canStop().get()));
        assertEquals("Pause", vm.pauseText().get());

        vm.togglePause();
        assertEquals(State.PAUSED, vm.state());
        assertTrue(trainer.session.paused);
        assertEquals("Resume", vm.pauseText().get());
        vm.togglePause();
        assertEquals(State.RUNNING, vm.state());
        assertFalse(trainer.session.paused);

        trainer.emit(iteration(1, 1.0));
        vm.flush();
        assertTrue(vm.progressTextProperty().get().contains("ETA"), vm.progressTextProperty().get());
        vm.stop();
        assertTrue(trainer.session.stopped);
        assertEquals(State.STOPPING, vm.state(), "not Running while it stops");
        assertEquals(List.of(false, false, false), List.of(vm.canStart().get(), vm.canPause().get(), vm.canStop().get()));
        assertEquals("Finishing the current batch; the network keeps what it has learned.", vm.statusProperty().get());
        trainer.emit(iteration(2, 1.0));
        vm.flush();
        assertEquals(State.STOPPING, vm.state(), "a last batch's figures do not make it Running again");

        trainer.emit(new TrainingEvent.Stopped(1, 2));
        vm.flush();
        assertEquals(State.STOPPED, vm.state());
        assertEquals("Stopped in epoch 1 at iteration 2; the network keeps what it learned so far.", vm.statusProperty().get());
        assertEquals(List.of(true, false, false), List.of(vm.canStart().get(), vm.canPause().get(), vm.canStop().get()));
        assertEquals("", vm.progressTextProperty().get(), "no ETA once the run has ended");
        assertTrue(vm.hasTrainedModel());
    }

    @Test
    void theFirstImageOfTheDataGoesUnderTheReceptiveField() {
        assertEquals(null, vm.data().firstImageProperty().get());

        vm.data().ensureLoaded();

        assertEquals(vm.data().samples().get(0), vm.data().firstImageProperty().get());
    }

    @Test
    void onlyTheFirstStartLoadsNd4j() {
        vm.data().ensureLoaded();
        vm.start();
        assertEquals("Loading ND4J\u2026 (the first start takes a few seconds)", vm.statusProperty().get());
        trainer.emit(new TrainingEvent.Started(2, 10, 1091, 42), new TrainingEvent.Finished(2, 20, 1));
        vm.flush();

        vm.start();

        assertEquals(State.LOADING, vm.state());
        assertEquals("Compiling the graph\u2026", vm.statusProperty().get());
    }

    @Test
    void eventsAreAppliedOnlyAtAFlushAndAsOneChangePerSeries() {
        loadAndStart();
        int[] changes = {0};
        vm.charts().loss().addListener((ListChangeListener<ChartPoint>) c -> changes[0]++);
        for (int i = 1; i <= 15; i++) {
            trainer.emit(iteration(i, 2.0 - i * 0.1));
        }
        assertEquals(List.of(), vm.charts().loss(), "nothing shows before the flush");
        assertEquals(0, vm.progressProperty().get());

        vm.flush();
        assertEquals(15, vm.charts().loss().size());
        assertEquals(new ChartPoint(15, 2.0 - 1.5), vm.charts().loss().get(14));
        assertEquals(1, changes[0], "one change for the whole batch");
        assertEquals(15, vm.charts().smoothedLoss().size());
        assertEquals(15, vm.charts().learningRate().size());
        assertEquals(0.75, vm.progressProperty().get(), 1e-12);
        assertEquals("Epoch 2/2  \u00B7  iteration 15/20  \u00B7  1,000 examples/s  \u00B7  ETA 5 s", vm.progressTextProperty().get());
    }

    @Test
    void flushIfDueWaitsATenthOfASecond() {
        loadAndStart();
        vm.flushIfDue(1_000_000_000L);
        trainer.emit(iteration(1, 1.0));
        vm.flushIfDue(1_050_000_000L);
        assertEquals(0, vm.charts().loss().size(), "50 ms after the last flush: not yet");
        vm.flushIfDue(1_100_000_000L);
        assertEquals(1, vm.charts().loss().size());
    }

    @Test
    void hoursOfIterationsStayWithinTheChartCap() {
        loadAndStart();
        for (int i = 1; i <= 20_000; i++) {
            trainer.emit(new TrainingEvent.Iteration(1, i, 1.0 / i, 1e-3, 1000, 1));
            if (i % 500 == 0) {
                vm.flush();
            }
        }
        assertTrue(vm.charts().loss().size() <= TrainingChartsViewModel.CHART_CAP, "points: " + vm.charts().loss().size());
        assertTrue(vm.charts().loss().size() > TrainingChartsViewModel.CHART_CAP / 2, "points: " + vm.charts().loss().size());
        assertEquals(vm.charts().loss().size(), vm.charts().smoothedLoss().size());
        assertEquals(1.0, vm.charts().loss().get(0).x());
    }

    @Test
    void decimationKeepsEvenlySpacedPoints() {
        DecimatedSeries s = new DecimatedSeries(10);
        for (int x = 0; x < 25; x++) {
            s.offer(x, x * 10);
            if (x % 5 == 4) {
                s.publish();
            }
        }
        assertEquals(List.of(0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0), s.points().stream().map(ChartPoint::x).toList());
        assertEquals(4, s.stride());
        s.clear();
        assertEquals(List.of(), s.points());
        assertEquals(1, s.stride());
    }

    @Test
    void theSmoothedLossIsADebiasedMovingAverageThatFollowsTheSlider() {
        loadAndStart();
        vm.charts().smoothingProperty().set(0.5);
        trainer.emit(iteration(1, 4.0), iteration(2, 2.0), iteration(3, 1.0));
        vm.flush();
        // ema: 2.0, 2.0, 1.5; debiased by 1 - 0.5^n: 4.0, 2.667, 1.714
        assertEquals(List.of(4.0, 8.0 / 3, 12.0 / 7), vm.charts().smoothedLoss().stream().map(ChartPoint::y).toList());
        vm.charts().smoothingProperty().set(0);
        assertEquals(List.of(4.0, 2.0, 1.0), vm.charts().smoothedLoss().stream().map(ChartPoint::y).toList());
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals(List.of("0 s", "42 s", "3 min 05 s", "2 h 07 min", "?", "?"),
                List.of(TrainingTexts.duration(0), TrainingTexts.duration(41.6), TrainingTexts.duration(185),
                        TrainingTexts.duration(7620), TrainingTexts.duration(Double.NaN), TrainingTexts.duration(-1)));
    }

    @Test
    void epochsEvaluationsPredictionsAndTheEnd() {
        loadAndStart();
        trainer.emit(iteration(1, 1.2), new TrainingEvent.Epoch(1, 1.1, 0.5, 1.2, 0.4),
                new TrainingEvent.Evaluated("validation", 0.4, List.of("class 0", "class 1", "class 2"),
                        new int[][] {{2, 0, 0}, {1, 1, 0}, {2, 0, 0}}, new double[] {0.4, 1, 0}, new double[] {1, 0.5, 0},
                        new double[] {0.57, 0.67, 0}));
        vm.flush();
        assertEquals(List.of(new ChartPoint(1, 1.1)), vm.charts().trainLoss());
        assertEquals(List.of(new ChartPoint(1, 1.2)), vm.charts().validationLoss());
        assertEquals(List.of(new ChartPoint(1, 0.5)), vm.charts().trainAccuracy());
        assertEquals(List.of(new ChartPoint(1, 0.4)), vm.charts().validationAccuracy());
        assertEquals("Validation set, epoch 1: accuracy 40.0%", vm.evaluationTitleProperty().get());
        assertEquals("validation", vm.evaluationProperty().get().set());

        trainer.listener.predictions(List.of(new TrainerService.Prediction(0, 0, 0, 0.91),
                new TrainerService.Prediction(1, 2, 1, 0.55)));
        trainer.emit(new TrainingEvent.Evaluated("test", 0.875, List.of("class 0", "class 1", "class 2"),
                new int[3][3], new double[3], new double[3], new double[3]), new TrainingEvent.Finished(2, 20, 75.4));
        vm.flush();
        assertEquals(List.of("class 0/91%/true", "class 2/55% \u00B7 true: class 1/false"), vm.predictions().stream()
                .map(p -> p.caption() + "/" + p.detail() + "/" + p.verdict()).toList());
        assertEquals(State.FINISHED, vm.state());
        assertEquals(1.0, vm.progressProperty().get());
        assertEquals("Finished 2 epochs (20 iterations) in 1 min 15 s; test accuracy 87.5%.", vm.statusProperty().get());
        assertEquals("Test set, after training: accuracy 87.5%", vm.evaluationTitleProperty().get());
    }

    @Test
    void aFailureIsAMessageWithAHintAndAllowsAnotherStart() {
        loadAndStart();
        trainer.emit(iteration(1, 1e9), new TrainingEvent.Failed("Training diverged at iteration 2 (epoch 1): the loss became NaN.",
                "Lower the learning rate (now 10.0), for example to 1.0, or normalise the input data."));
        vm.flush();
        assertEquals(State.FAILED, vm.state());
        assertEquals("Training diverged at iteration 2 (epoch 1): the loss became NaN.", vm.messageProperty().get());
        assertEquals("Lower the learning rate (now 10.0), for example to 1.0, or normalise the input data.", vm.hintProperty().get());
        assertFalse(vm.hasTrainedModel());
        assertTrue(vm.canStart().get());

        vm.start();
        assertEquals("", vm.messageProperty().get(), "a new run clears the old failure");
        assertEquals(List.of(), vm.charts().loss(), "and the old charts");
    }

    /** A diverged run offers "lower the learning rate" as one click: one undoable edit of the graph's settings. */
    @Test
    void aDivergedRunOffersTheLowerLearningRateAsOneUndoableClick() {
        document.apply(new Edit.SetTraining(Optional.of(TrainingSettings.of(2, 64, 1e6, TrainingSettings.Optimizer.SGD, 42))));
        loadAndStart();
        trainer.emit(new TrainingEvent.Failed("Training diverged at iteration 1 (epoch 1): the parameters grew 1.2e7-fold.",
                "Lower the learning rate (now 1000000), for example to 100000; the input is already scaled (at most 1).", 1e5));
        vm.flush();
        assertEquals(State.FAILED, vm.state());
        assertEquals("Lower the learning rate to 100000", vm.failureFixProperty().get());

        vm.fixFailure();
        assertEquals(1e5, document.graph().training().orElseThrow().learningRate());
        assertEquals("100000", vm.settings().text(Field.LEARNING_RATE).get());
        assertEquals("", vm.failureFixProperty().get(), "applied once");
        assertEquals("Learning rate set to 100000 (Undo puts it back); start again.", vm.statusProperty().get());
        assertEquals("Undo Change training settings", document.undoTextProperty().get());
        document.undo();
        assertEquals(1e6, document.graph().training().orElseThrow().learningRate());

        vm.start();
        trainer.emit(new TrainingEvent.Failed("Training failed: disk unplugged", "Check the data."));
        vm.flush();
        assertEquals("", vm.failureFixProperty().get(), "no fix for a failure that is not divergence");
    }

    @Test
    void eventsOfAnEarlierRunAreIgnored() {
        loadAndStart();
        TrainerService.Listener first = trainer.listener;
        trainer.emit(new TrainingEvent.Failed("boom", "hint"));
        vm.flush();
        vm.start();
        first.event(iteration(1, 5.0));
        vm.flush();
        assertEquals(List.of(), vm.charts().loss());
        assertEquals(State.LOADING, vm.state());
    }

    @Test
    void dataThatDoesNotFitTheGraphDisablesStartWithTheFix() throws Exception {
        document.apply(new Edit.SetParam("in", "shape", new io.layerloom.model.layer.Dims(List.of(3L, 32L, 32L))));
        vm.data().ensureLoaded();
        assertEquals("Input is 3x32x32 but Synthetic images are 1x8x8; fit the images to the Input, or set Input shape to [1, 8, 8]",
                vm.data().problemProperty().get());
        assertFalse(vm.canStart().get());
        document.undo();
        assertEquals("", vm.data().problemProperty().get());
        assertTrue(vm.canStart().get());
    }

    @Test
    void theFitButtonsStoreTheFitAsAnUndoableEditAndTheDataIsFitted() throws Exception {
        document.apply(new Edit.SetParam("in", "shape", new io.layerloom.model.layer.Dims(List.of(3L, 32L, 32L))));
        vm.data().ensureLoaded();
        TrainingDataViewModel.Problem p = vm.data().blockingProperty().get();
        assertEquals(List.of("Pad to 3x32x32", "Resize to 3x32x32", "Crop to 3x32x32"),
                p.fits().stream().map(TrainingDataViewModel.Alternative::label).toList());
        assertEquals(List.of(true, true, false), p.fits().stream().map(TrainingDataViewModel.Alternative::available).toList());
        assertEquals("fit crop needs images no smaller than the Input: Synthetic images are 1x8x8, the Input is 3x32x32;"
                + " use pad or resize.", p.fits().get(2).unavailable());
        p.fits().get(0).action().run();
        assertEquals(Optional.of(io.layerloom.model.training.DataPreparation.Fit.PAD),
                document.graph().training().orElseThrow().preparation().fit());
        assertEquals("", vm.data().problemProperty().get());
        assertTrue(vm.canStart().get());
        assertEquals(List.of(3L, 32L, 32L), vm.data().dataProperty().get().train().exampleShape());
        assertEquals(Optional.of(io.layerloom.model.training.DataPreparation.Fit.PAD), vm.data().transform().fit());
        assertTrue(vm.data().summaryProperty().get().endsWith("; fitted to the Input by pad (the file's \"fit\")"),
                vm.data().summaryProperty().get());
        assertTrue(GraphJson.write(document.graph()).contains("\"fit\": \"pad\""));
        document.undo();
        assertEquals(Optional.empty(), document.graph().training().flatMap(t -> t.preparation().fit()));
        assertEquals(List.of(1L, 8L, 8L), vm.data().dataProperty().get().train().exampleShape());
        assertFalse(vm.canStart().get());
    }

    @Test
    void aGraphWithErrorsCannotTrain() {
        document.apply(new Edit.SetParam("dense", "units", 0L));
        vm.data().ensureLoaded();
        assertTrue(vm.data().problemProperty().get().startsWith("The graph has 1 error; fix it first (Problems tab)."),
                vm.data().problemProperty().get());
        assertFalse(vm.canStart().get());
    }

    @Test
    void dataThatCannotBeReadSaysWhy() {
        trainer.loadFailure = new DataException("/tmp/x.csv: no such file or folder");
        vm.data().choose(DataChoice.csv(Path.of("/tmp/x.csv"), Optional.of("species")));
        assertEquals("/tmp/x.csv: no such file or folder", vm.data().problemProperty().get());
        assertEquals("x.csv (label: species)", vm.data().selectedProperty().get().label());
        assertEquals(vm.data().choices().size() - 3, vm.data().choices().indexOf(vm.data().selectedProperty().get()),
                "a chosen file joins the list before the two 'ask' entries");
        assertFalse(vm.canStart().get());
    }

    @Test
    void thePreviewShowsOneImageOfEachClassFirst() {
        vm.data().ensureLoaded();
        assertEquals(List.of("class 0", "class 1", "class 2", "class 0", "class 1", "class 2", "class 0", "class 1"),
                vm.data().samples().stream().map(SampleImage::caption).toList());
        assertEquals(64, vm.data().samples().get(0).values().length);
        assertEquals("Synthetic: 30 training, 6 validation, 12 test examples; 3 classes; images 1x8x8",
                vm.data().summaryProperty().get());
    }

    @Test
    void aCsvFileWithItsLabelColumnPreviewsRows(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path csv = dir.resolve("flowers.csv");
        StringBuilder rows = new StringBuilder("species,length,width\n");
        for (int i = 0; i < 30; i++) {
            rows.append(i % 2 == 0 ? "rosa" : "tulipa").append(',').append(i).append(',').append(30 - i).append('\n');
        }
        java.nio.file.Files.writeString(csv, rows);
        DocumentViewModel doc = DocumentViewModel.direct(GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "nodes": [
                  {"id": "in", "kind": "Input", "shape": [2]},
                  {"id": "out", "kind": "Output", "inputs": ["in"], "units": 2}]}""", "csv.json"));
        TrainingViewModel real = new TrainingViewModel(doc, new io.layerloom.app.designer.service.Dl4jTrainerService(
                io.layerloom.app.data.DataSources.standard(), Runnable::run), BackgroundTasks.direct(), Runnable::run);
        real.data().choose(DataChoice.csv(csv, Optional.of("species")));
        assertEquals("", real.data().problemProperty().get());
        assertEquals(List.of("x1", "x2", "class"), real.data().tableHeader());
        assertEquals(6, real.data().tableRows().size());
        assertEquals(List.of("rosa", "tulipa"), real.data().tableRows().subList(0, 2).stream().map(r -> r.get(2)).toList(),
                "one row of each class first");
        assertEquals(List.of(), real.data().samples());
        assertEquals(null, real.data().firstImageProperty().get(), "rows of numbers: no image under the receptive field");
        assertTrue(real.canStart().get());
    }

    @Test
    void syntheticDataIsShapedLikeTheGraph() {
        vm.data().choose(vm.data().choices().stream().filter(c -> c.kind() == DataChoice.Kind.SYNTHETIC).findFirst().orElseThrow());
        assertEquals(List.of("synthetic:1x8x8:3"), trainer.loadedSources);
    }

    @Test
    void aNodesOwnVertexWinsOverItsHelperVertex() {
        loadAndStart();
        LinkedHashMap<String, Double> means = new LinkedHashMap<>();
        means.put("dense", 0.25);
        means.put("dense/pool", 9.0);
        trainer.emit(new TrainingEvent.LayerStatistics(20, Map.of(), means));
        vm.flush();
        assertEquals(Map.of("dense", "act 0.25"), vm.statistics().byNode());
    }

    @Test
    void meanActivationTexts() {
        assertEquals("act 0.41", LayerStatistic.activationText(0.4123));
        assertEquals("act -1.50", LayerStatistic.activationText(-1.5));
        assertEquals("act 0", LayerStatistic.activationText(0));
        assertEquals("act 3.2e-4", LayerStatistic.activationText(3.2e-4));
        assertEquals("act 1.2e3", LayerStatistic.activationText(1234));
        assertEquals("", LayerStatistic.activationText(Double.NaN));
    }

    @Test
    void layerStatisticsAreShortTextsByNodeId() {
        loadAndStart();
        trainer.emit(new TrainingEvent.LayerStatistics(20, Map.of("dense", 1.234e-3), Map.of("flat", 0.5, "dense", 0.4123)));
        vm.flush();
        assertEquals(Map.of("dense", "upd/param 1.2e-3 · act 0.41", "flat", "act 0.50"), vm.statistics().byNode());
        assertEquals(List.of(new LayerStatistic("dense", 1.234e-3, "1.2e-3", 0.4123, 20)), vm.statistics().ratios());
        assertTrue(vm.statistics().ratios().get(0).healthy());
        assertEquals("act 0.41", vm.statistics().ratios().get(0).activationText());
        trainer.emit(new TrainingEvent.LayerStatistics(40, Map.of("out", 4.0e-4), Map.of()));
        vm.flush();
        assertEquals(Map.of("out", "upd/param 4.0e-4"), vm.statistics().byNode(), "no mean measured: the ratio alone");
        assertEquals("", vm.statistics().ratios().get(0).activationText());
        assertEquals(Optional.of("dense"), LayerStatisticsViewModel.nodeOf(document.graph(), "dense/pool"));
        assertEquals(Optional.empty(), LayerStatisticsViewModel.nodeOf(document.graph(), "elsewhere"));
    }

    @Test
    void shutdownStopsARunAndExportNeedsAModel() throws Exception {
        assertThrows(java.io.IOException.class, () -> vm.modelExport(Path.of("/tmp/never.dl4j.zip")));
        loadAndStart();
        vm.shutdown();
        assertTrue(trainer.session.stopped);
        trainer.emit(new TrainingEvent.Finished(2, 20, 1));
        vm.flush();
        vm.modelExport(Path.of("/tmp/m.dl4j.zip")).call();
        assertEquals(Path.of("/tmp/m.dl4j.zip"), trainer.session.exportedTo);
    }

    @Test
    void aSettingsEditIsOneUndoableEditOfTheGraph() {
        TrainingSettingsViewModel form = vm.settings();
        assertEquals("0.001", form.text(Field.LEARNING_RATE).get());
        form.text(Field.LEARNING_RATE).set("0.01");
        assertTrue(form.commit(Field.LEARNING_RATE));
        assertEquals(Optional.of(0.01), document.graph().training().map(TrainingSettings::learningRate));
        assertEquals("Undo Change training settings", document.undoTextProperty().get());

        document.undo();
        assertEquals(Optional.empty(), document.graph().training());
        assertEquals("0.001", form.text(Field.LEARNING_RATE).get());

        form.optimizerProperty().set(TrainingSettings.Optimizer.ADAMW);
        assertEquals(TrainingSettings.Optimizer.ADAMW, document.graph().training().orElseThrow().optimizer());
        assertEquals(0.01, document.graph().training().orElseThrow().weightDecay(), "AdamW comes with a weight decay");
        assertEquals("0.01", form.text(Field.WEIGHT_DECAY).get());
        document.undo();
        assertEquals(Optional.empty(), document.graph().training(), "one step");
        assertEquals(TrainingSettings.Optimizer.ADAM, form.optimizerProperty().get());
    }

    @Test
    void refusedValuesStayInTheFieldWithTheRule() {
        TrainingSettingsViewModel form = vm.settings();
        long revision = document.revisionProperty().get();
        form.text(Field.LEARNING_RATE).set("abc");
        assertFalse(form.commit(Field.LEARNING_RATE));
        assertEquals(Map.of(Field.LEARNING_RATE, "Learning rate: enter a number greater than 0, e.g. 0.001."), form.errors());
        form.text(Field.LEARNING_RATE).set("-1");
        assertFalse(form.commit(Field.LEARNING_RATE));
        assertEquals(Map.of(Field.LEARNING_RATE, "Learning rate must be greater than 0, got -1.0."), form.errors());
        form.text(Field.WARMUP_EPOCHS).set("10");
        assertFalse(form.commit(Field.WARMUP_EPOCHS));
        assertEquals("Warm-up epochs must be at least 0 and less than epochs (10), got 10.", form.errors().get(Field.WARMUP_EPOCHS));
        assertEquals("-1", form.text(Field.LEARNING_RATE).get(), "the user's text stays");
        assertEquals(revision, document.revisionProperty().get(), "nothing applied");
        assertTrue(form.hasErrors().get());

        form.revert(Field.LEARNING_RATE);
        assertEquals("0.001", form.text(Field.LEARNING_RATE).get());
    }

    @Test
    void aDocumentHoldingWeightsTrainsFromThoseThatStillFit() throws Exception {
        io.layerloom.codegen.dl4j.Weights weights = io.layerloom.codegen.dl4j.Weights.builder()
                .put("dense", "W", new io.layerloom.codegen.dl4j.Weights.Array(new long[] {64, 16}, new float[64 * 16]))
                .put("out", "W", new io.layerloom.codegen.dl4j.Weights.Array(new long[] {16, 3}, new float[16 * 3]))
                .build();
        // Values belong to a layer by its name: the renamed output layer starts from the seed, the
        // hidden layer (only its activation changed, not its shapes) from its values.
        Graph g = document.graph();
        document.replace(g, null, HeldWeights.taken(weights, io.layerloom.model.analysis.GraphAnalysis.analyze(g), null));
        document.apply(new io.layerloom.model.graph.Edit.SetParam("dense", "activation",
                io.layerloom.model.layer.ActivationFunction.SIGMOID));
        document.apply(new io.layerloom.model.graph.Edit.Rename("out", "head"));
        vm = new TrainingViewModel(document, trainer, BackgroundTasks.direct(), Runnable::run);

        vm.data().ensureLoaded();
        vm.start();
        trainer.emit(new TrainingEvent.Initialised("the weights held with the graph", List.of("dense"), List.of("out"), List.of()),
                new TrainingEvent.Started(2, 10, 1091, 42));
        vm.flush();

        assertEquals(1, trainer.startedFrom.size());
        assertEquals(java.util.Set.of("dense"), trainer.startedFrom.get(0).nodes());
        assertSame(weights.of("dense").get("W"), trainer.startedFrom.get(0).of("dense").get("W"));
        assertEquals("Training 1,091 parameters on 30 examples (seed 42), 1 layer starting from the weights held with"
                + " the graph\u2026", vm.statusProperty().get());
    }

    @Test
    void aDocumentWithoutWeightsTrainsFromTheSeed() {
        loadAndStart();
        assertEquals(List.of(java.util.Set.of()), trainer.startedFrom.stream().map(w -> w.nodes()).toList());
    }

    @Test
    void anotherDocumentStartsWithAnEmptyTabAndTheRunOfTheFirstIsStopped() throws Exception {
        loadAndStart();
        trainer.emit(iteration(1, 1.2), new TrainingEvent.Epoch(1, 1.1, 0.5, 1.2, 0.4));
        vm.flush();
        TrainerService.Listener first = trainer.listener;

        document.replace(dense("[1, 8, 8]").withName("other"), null);

        assertTrue(trainer.session.stopped, "the run trained the previous graph");
        first.event(new TrainingEvent.Stopped(1, 1));
        vm.flush();
        assertEquals(State.IDLE, vm.state());
        assertEquals("Ready to train on Synthetic.", vm.statusProperty().get());
        assertEquals(List.of(), vm.charts().loss());
        assertEquals(List.of(), vm.charts().trainLoss());
        assertEquals(null, vm.evaluationProperty().get());
        assertEquals("", vm.progressTextProperty().get());
        assertFalse(vm.hasTrainedModel());
        assertEquals(java.util.Optional.of(TrainingViewModel.NOTHING_TRAINED), vm.modelExportBlocker());
        assertTrue(vm.canStart().get());
    }

    @Test
    void aTrainedNetworkBelongsToTheGraphAsItWasTrained() throws Exception {
        loadAndStart();
        trainer.emit(new TrainingEvent.Finished(2, 20, 1));
        vm.flush();
        assertEquals(java.util.Optional.empty(), vm.modelExportBlocker());

        document.apply(new Edit.Move(Map.of("dense", new io.layerloom.model.graph.Position(300, 300))));
        assertEquals(java.util.Optional.empty(), vm.modelExportBlocker(), "a card moved: the same network");
        document.apply(new Edit.SetParam("dense", "units", 17L));
        assertTrue(vm.modelExportBlocker().orElseThrow().startsWith("The graph has changed since it was trained"));
        assertThrows(java.io.IOException.class, () -> vm.modelExport(Path.of("/tmp/never.dl4j.zip")));
        document.undo();
        assertEquals(java.util.Optional.empty(), vm.modelExportBlocker());
    }

    @Test
    void aDisabledStartNamesItsBlockerAndFixesIt() {
        assertEquals("Start is off: no data is loaded; choose the data to train on.", vm.blockerProperty().get().reason());
        trainer.split = FakeTrainer.images(1, 8, 8, 5, 30);
        vm.data().ensureLoaded();
        assertEquals(new StartBlocker("Start is off: Output has 3 units but Synthetic has 5 classes.",
                "Set units to 5", false), vm.blockerProperty().get());
        vm.fixBlocker();
        assertEquals("Undo Set units of out", document.undoTextProperty().get());
        assertEquals(null, vm.blockerProperty().get());
        assertTrue(vm.canStart().get());

        document.apply(new Edit.SetParam("dense", "units", 0L));
        StartBlocker errors = vm.blockerProperty().get();
        assertTrue(errors.reason().startsWith("Start is off: The graph has 1 error"), errors.reason());
        assertEquals("Show dense", errors.fixLabel());
        vm.fixBlocker();
        assertEquals(List.of("dense"), document.selection());

        document.undo();
        vm.start();
        assertTrue(vm.blockerProperty().get().duringRun(), "a run blocks Start; its state says so");
    }
}
