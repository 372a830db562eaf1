package io.layerloom.model.analysis;

/** What one layer costs: parameters (trainable and not) and multiply-accumulates per example. */
public record Cost(long trainableParams, long nonTrainableParams, long macs) {

    public static final Cost FREE = new Cost(0, 0, 0);

    /** @throws ArithmeticException when the parameters together pass 64 bits, so that {@link #params} is exact */
    public Cost {
        Math.addExact(trainableParams, nonTrainableParams);
    }

    public long params() {
        return trainableParams + nonTrainableParams;
    }
}
