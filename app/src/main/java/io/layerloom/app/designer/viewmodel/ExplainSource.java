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
 * run's test data as training fed it, fitted and normalised, and the transform that undoes the
 * normalisation for display), else the model saved beside the graph's file (with the test split
 * its record names, transformed as its record says). Runs off the UI thread.
 */
final class ExplainSource {

    /** The opened network, its test images (null when there are none) and a sentence saying where it came from. */
    record Opened(Explainer explainer, LoadedData test, String source) {
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
            String when = java.time.LocalTime.now().withNano(0).toString();
            return new Opened(Explainer.of(graph, snapshot, t.transform()), test, t.running()
                    ? "A snapshot of the network being trained, taken at " + when + " (Refresh takes a new one)."
                    : "The network trained on the Training tab.");
        }
        Explainer explainer = Explainer.saved(graph, file.get());
        LoadedData test;
        try {
            test = ExplainData.test(ModelFiles.modelFor(file.get(), null), null, shape);
        } catch (ExplainData.Problem e) {
            test = null;
        }
        return new Opened(explainer, test, "The model saved beside " + file.get().getFileName() + ": "
                + ModelFiles.modelFor(file.get(), null).getFileName() + ".");
    }
}
