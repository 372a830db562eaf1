package io.layerloom.app.training;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * How to train. (The graph file's {@code training} object, with schedules and the rest of the
 * hyperparameters, builds on this.)
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, Optimizer optimizer, long seed) {

    /** AdamW (Adam with decoupled weight decay) comes with the weight-decay setting. */
    public enum Optimizer { SGD, NESTEROV, ADAM, RMSPROP, ADAGRAD }

    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(1, 64, 1e-3, Optimizer.ADAM, 42);
    }

    IUpdater updater() {
        return switch (optimizer) {
            case SGD -> new Sgd(learningRate);
            case NESTEROV -> new Nesterovs(learningRate, 0.9);
            case ADAM -> new Adam(learningRate);
            case RMSPROP -> new RmsProp(learningRate);
            case ADAGRAD -> new AdaGrad(learningRate);
        };
    }
}
