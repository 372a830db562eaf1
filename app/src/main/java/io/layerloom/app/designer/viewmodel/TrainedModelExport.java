package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.training.NetworkContent;
import io.layerloom.model.graph.Graph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * When the Training tab's network may be exported as the open graph's model, and the export
 * itself: the rule of Export &gt; Trained DL4J Model, kept apart from {@link TrainingViewModel}.
 */
final class TrainedModelExport {

    /** Nothing trained for the open graph. */
    static final String NOTHING_TRAINED = "Nothing has been trained on this graph: train it on the Training tab first.";

    private TrainedModelExport() {
    }

    /**
     * Why the trained network cannot be exported for {@code graph}, or empty when it can: it must
     * have been trained on this graph as it is now (edited since, it is another network) and the
     * run must have ended.
     */
    static Optional<String> blocker(boolean running, TrainerService.Session trained, NetworkContent trainedContent, Graph graph) {
        if (running) {
            return Optional.of("Training is still running: stop it or let it finish before exporting the model.");
        }
        if (trained == null || !trained.hasModel()) {
            return Optional.of(NOTHING_TRAINED);
        }
        if (!trainedContent.equals(NetworkContent.of(graph))) {
            return Optional.of("The graph has changed since it was trained, so the trained network is not this graph's:"
                    + " train it again (or undo the change) to export it.");
        }
        return Optional.empty();
    }

    /** The export task, refused now with the blocker's reason when there is one. */
    static Callable<Void> task(Optional<String> blocked, TrainerService.Session trained, Path file, String graphName,
                               String source, long seed, double accuracy, io.layerloom.app.data.DataTransform transform)
            throws IOException {
        if (blocked.isPresent()) {
            throw new IOException(blocked.get());
        }
        return () -> {
            trained.export(file, graphName, source, seed, accuracy, transform);
            return null;
        };
    }
}
