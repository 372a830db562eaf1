package io.layerloom.app.training;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.codegen.dl4j.ParameterVertices;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A saved model a run continues ({@code train --resume}): its parameters, its updater state when
 * the file holds one (Adam's moments; {@code train} saves it), and how many epochs it had
 * completed, which DL4J keeps in the configuration ({@code epochCount}, advanced at each epoch's
 * end). Unlike {@code --from}, which fine-tunes whatever still fits, resuming needs the graph
 * unchanged: every layer with the same id, keys and shapes, none added or removed.
 *
 * @param completedEpochs epochs the saved model had finished; the run goes on from the next one
 */
record ResumedModel(String source, ComputationGraph saved, int completedEpochs) {

    /** Reads {@code model} with its updater state. */
    static ResumedModel read(Path model) throws IOException {
        ComputationGraph saved;
        try {
            saved = ModelSerializer.restoreComputationGraph(model.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException(model + ": cannot be read as a DL4J model (" + e.getMessage() + ")", e);
        }
        return new ResumedModel(model.toString(), saved, saved.getConfiguration().getEpochCount());
    }

    /**
     * Copies the saved parameters and (when both networks have one of the same size) updater state
     * into {@code net}, built from the graph as it is now; true when the updater state was copied.
     *
     * @throws IllegalArgumentException the graph changed since the model was saved, naming the layers
     */
    boolean applyTo(ComputationGraph net, ParameterVertices vertices) {
        StartingWeights match = StartingWeights.match(net, vertices, NetworkWeights.read(saved, vertices));
        if (!match.fresh().isEmpty() || !match.unused().isEmpty() || saved.numParams() != net.numParams()) {
            throw new IllegalArgumentException(source + " was saved from another network: "
                    + (match.fresh().isEmpty() ? "" : "the graph's layers " + match.fresh() + " are not in it (or not in this shape); ")
                    + (match.unused().isEmpty() ? "" : "its layers " + match.unused() + " are not in the graph; ")
                    + "a run can only resume the same network. Give --from instead to fine-tune from the layers that fit.");
        }
        match.applyTo(net);
        INDArray state = saved.getUpdater(false) == null ? null : saved.getUpdater(false).getStateViewArray();
        INDArray target = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (state == null || target == null || state.length() != target.length()) {
            return false; // SGD has no state; another optimizer's does not fit
        }
        target.assign(state.reshape(target.shape()));
        return true;
    }
}
