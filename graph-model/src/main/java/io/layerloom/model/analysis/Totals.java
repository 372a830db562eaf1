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
 * @param convolutionOutputBytes     every Conv2D's output for one example: training keeps each
 *                                   convolution's pre-activation once more for the backward pass
 *                                   instead of convolving again (the app's TrainingSetUp); without
 *                                   it the estimate of ResNet-18 at batch 32 was 1.58x below the
 *                                   measured peak (docs/benchmarks.md, "Training memory")
 */
public record Totals(long params, long trainableParams, long nonTrainableParams, long macs, long inputBytes,
                     long forwardBackwardActivationBytes, long paramBytes, boolean complete, long frozenParams,
                     long convolutionOutputBytes) {

    /** Totals of a graph without convolutions. */
    public Totals(long params, long trainableParams, long nonTrainableParams, long macs, long inputBytes,
                  long forwardBackwardActivationBytes, long paramBytes, boolean complete, long frozenParams) {
        this(params, trainableParams, nonTrainableParams, macs, inputBytes, forwardBackwardActivationBytes, paramBytes,
                complete, frozenParams, 0);
    }

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
     * state, and inputs, activations (with their gradients) and the kept convolution outputs times
     * the batch; empty when it does not fit in 64 bits.
     */
    public java.util.OptionalLong exactTrainingBytes(int batch) {
        try {
            long gradients = Math.multiplyExact(trainableParams, GraphAnalysis.BYTES_PER_VALUE);
            long optimizer = Math.multiplyExact(OPTIMIZER_SLOTS, gradients);
            long perExample = Math.addExact(Math.addExact(inputBytes, forwardBackwardActivationBytes), convolutionOutputBytes);
            return java.util.OptionalLong.of(Math.addExact(Math.addExact(paramBytes, gradients),
                    Math.addExact(optimizer, Math.multiplyExact(perExample, (long) batch))));
        } catch (ArithmeticException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /**
     * As {@link #exactTrainingBytes}, or {@link Long#MAX_VALUE} when that is beyond 64 bits
     * (a batch of 2,000,000,000 can do it), so that a memory check refuses it instead of passing
     * a wrapped-around negative number; {@code Formats.bytes} shows it as an overflow.
     */
    public long trainingBytes(int batch) {
        return exactTrainingBytes(batch).orElse(Long.MAX_VALUE);
    }

    /** a + b, or {@link Long#MAX_VALUE} when either is (a saturated figure) or the sum does not fit. */
    public static long saturatingAdd(long a, long b) {
        if (a == Long.MAX_VALUE || b == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }
}
