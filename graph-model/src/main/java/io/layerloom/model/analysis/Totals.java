package io.layerloom.model.analysis;

/**
 * Whole-network figures, summed over the nodes whose values are known ({@link #complete} is
 * false when some are not). Memory is in bytes, float32, per example unless a batch is given.
 *
 * @param inputBytes                 all Input nodes' values for one example
 * @param forwardBackwardActivationBytes every node's output, kept for the backward pass, and its
 *                                   gradient: twice the forward activations (Input excluded)
 * @param paramBytes                 the parameters themselves
 * @param frozenParams               the parameters of frozen layers ({@code "trainable": false}),
 *                                   all of them counted in {@code nonTrainableParams} too
 */
public record Totals(long params, long trainableParams, long nonTrainableParams, long macs, long inputBytes,
                     long forwardBackwardActivationBytes, long paramBytes, boolean complete, long frozenParams) {

    /** Totals of a graph without frozen layers. */
    public Totals(long params, long trainableParams, long nonTrainableParams, long macs, long inputBytes,
                  long forwardBackwardActivationBytes, long paramBytes, boolean complete) {
        this(params, trainableParams, nonTrainableParams, macs, inputBytes, forwardBackwardActivationBytes, paramBytes,
                complete, 0);
    }

    /** Slots of optimizer state per trainable parameter assumed by the estimate: Adam's two moments. */
    public static final int OPTIMIZER_SLOTS = 2;

    /**
     * Estimated memory to train with this batch size: parameters, their gradients, optimizer
     * state, and inputs and activations (with their gradients) times the batch.
     */
    public long trainingBytes(int batch) {
        long gradients = trainableParams * GraphAnalysis.BYTES_PER_VALUE;
        long optimizer = OPTIMIZER_SLOTS * gradients;
        long perExample = inputBytes + forwardBackwardActivationBytes;
        return paramBytes + gradients + optimizer + perExample * (long) batch;
    }
}
