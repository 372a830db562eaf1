package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.explain.ExplainData;
import io.layerloom.app.explain.Explainer;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainedNetwork;
import io.layerloom.model.graph.Graph;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the Explain tab's network comes from: the Training tab's run (a snapshot of it, with the
 * run's test and validation data as training fed it, fitted and normalised, and the transform that
 * undoes the normalisation for display), else the model saved beside the graph's file (with the
 * test split its record names, transformed as its record says). Runs off the UI thread.
 */
final class ExplainSource {

    /** The set of a confusion matrix, a gallery and an explained image: the Training tab's test set (else its validation set). */
    static final String TEST = "test";
    /** The Training tab's validation set, whose matrix it shows after every epoch. */
    static final String VALIDATION = "validation";

    /**
     * The opened network, its test images (null when there are none), the Training tab's validation
     * images (null when there are none), a sentence saying where it came from, and the Training
     * tab's session it is a snapshot of (null for a saved model) and whether that session was training.
     */
    record Opened(Explainer explainer, LoadedData test, LoadedData validation, String source, TrainerService.Session session,
                  boolean running) {

        /** {@link #TEST}'s or {@link #VALIDATION}'s images, null when there are none. */
        LoadedData set(String name) {
            return VALIDATION.equals(name) ? validation : test;
        }
    }

    private ExplainSource() {
    }

    /** Opens the Training tab's network for {@code graph} when there is one, else the model saved beside {@code file}. */
    static Opened open(Graph graph, Optional<Path> file, Optional<ExplainViewModel.Trained> trained) throws Exception {
        io.layerloom.codegen.dl4j.Dl4jCompiler.Compilation compiled = Explainer.compile(graph);
        List<Long> shape = compiled.analysis().node(compiled.inputs().get(0))
                .flatMap(io.layerloom.model.analysis.NodeResult::output).orElseThrow().dims();
        if (trained.isPresent()) {
            ExplainViewModel.Trained t = trained.get();
            TrainedNetwork snapshot = t.session().snapshot(shape).orElseThrow(() -> new Explainer.Problem(ExplainViewModel.NOTHING));
            // the Training tab holds its data as training fed it (fitted and normalised): the transform is for display only
            LoadedData test = t.data() == null ? null : TrainerService.predictionSet(t.data());
            LoadedData validation = t.data() == null || t.data().validation().count() == 0 ? null : t.data().validation();
            String when = java.time.LocalTime.now().withNano(0).toString();
            return new Opened(Explainer.of(graph, snapshot, t.transform()), test, validation, t.running()
                    ? "A snapshot of the network being trained, taken at " + when + " (Refresh takes a new one)."
                    : "The network trained on the Training tab.", t.session(), t.running());
        }
        Explainer explainer = Explainer.saved(graph, file.get());
        LoadedData test;
        try {
            test = ExplainData.test(ModelFiles.modelFor(file.get(), null), null, shape);
        } catch (ExplainData.Problem e) {
            test = null;
        }
        return new Opened(explainer, test, null, "The model saved beside " + file.get().getFileName() + ": "
                + ModelFiles.modelFor(file.get(), null).getFileName() + ".", null, false);
    }
}
