package io.layerloom.model.analysis;

import java.util.List;
import java.util.Optional;

/**
 * What the analysis knows about one node. A value is empty when it cannot be known: the node
 * has an error, or something it depends on does (the error is reported once, at its cause).
 *
 * @param receptiveField empty where it is not defined: non-image data before any global layer,
 *                       or after upsampling and transposed convolutions, which the Distill
 *                       framework does not cover
 * @param window         the window the layer slides over its input's height and width (the
 *                       convolution and pooling kinds); empty for other kinds and where the
 *                       output is unknown
 */
public record NodeResult(String id, String kind, List<String> inputs, Optional<TensorType> output,
                         Optional<Cost> cost, Optional<ReceptiveField> receptiveField,
                         Optional<SlidingWindow> window) {

    public NodeResult {
        inputs = List.copyOf(inputs);
    }

    public boolean known() {
        return output.isPresent();
    }

    /** Bytes of this node's output for one example, as float32. */
    public Optional<Long> activationBytes() {
        return output.map(t -> t.elements() * GraphAnalysis.BYTES_PER_VALUE);
    }
}
