package io.layerloom.app.training;

import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What a run checks and does before its first batch besides compiling: settings that need
 * something of the data (early stopping needs a validation set), and continuing a saved run.
 */
final class RunStart {

    private RunStart() {
    }

    /** The saved run {@code from} continues, read now (on the training thread), or null for a new run. */
    static ResumedModel resumed(TrainingService.StartFrom from) {
        if (from == null || from.resume() == null) {
            return null;
        }
        try {
            return ResumedModel.read(from.resume());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Why a run with these settings cannot start, or empty. */
    static Optional<TrainingEvent.Failed> refusal(TrainingSettings config, boolean hasValidation, int firstEpoch) {
        if (config.patience() > 0 && !hasValidation) {
            return Optional.of(new TrainingEvent.Failed("patience " + config.patience()
                    + " stops on the validation loss, but the data has no validation part.",
                    "Set patience to 0 (--patience 0), or train on data with a validation part."));
        }
        if (firstEpoch > config.epochs()) {
            return Optional.of(new TrainingEvent.Failed("The saved model has already trained " + (firstEpoch - 1)
                    + " epochs; epochs is " + config.epochs() + ", so there is nothing left to train.",
                    "Give --epochs greater than " + (firstEpoch - 1) + " (the total, counting the epochs already trained)."));
        }
        return Optional.empty();
    }

    /**
     * Copies the saved run into {@code net} and continues its epoch and iteration counts (the
     * learning-rate schedule goes on where it was): a Resumed event, or Failed when the graph changed.
     */
    static Optional<TrainingEvent> resume(ResumedModel resumed, ComputationGraph net, ParameterVertices vertices) {
        boolean updater;
        try {
            updater = resumed.applyTo(net, vertices);
        } catch (IllegalArgumentException e) {
            return Optional.of(new TrainingEvent.Failed(e.getMessage(),
                    "Resume with the graph the model was trained from, or give --from to fine-tune."));
        }
        net.getConfiguration().setEpochCount(resumed.completedEpochs());
        net.getConfiguration().setIterationCount(resumed.saved().getConfiguration().getIterationCount());
        return Optional.of(new TrainingEvent.Resumed(resumed.source(), resumed.completedEpochs(), updater));
    }
}
