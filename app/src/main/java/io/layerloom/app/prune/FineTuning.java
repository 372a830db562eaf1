package io.layerloom.app.prune;

import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fine-tuning a pruned network: the graph's own training settings (its file's, else the defaults)
 * for the given epochs, through {@link TrainingService} as {@code layerloom train --from} does,
 * starting from the pruned weights. With magnitude masks, the masked weights are set back to zero
 * after every step, on the training thread before the next batch.
 */
public final class FineTuning {

    /** The run ended without a network: failed (the reason and its hint) or stopped. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    /** The fine-tuned network and the run's last test evaluation (null when the data has no test part). */
    public record Result(ComputationGraph network, TrainingEvent.Evaluated test) {
    }

    private FineTuning() {
    }

    /** The graph's settings with {@code epochs} epochs. */
    public static TrainingSettings settings(Graph graph, int epochs) {
        TrainingSettings s = graph.training().orElse(TrainingSettings.defaults());
        return new TrainingSettings(s.optimizer(), s.learningRate(), s.schedule(), s.stepEvery(), s.decay(), s.warmupEpochs(),
                s.batchSize(), epochs, s.l2(), s.weightDecay(), s.weightInit(), s.gradientClip(), s.switchToSgdAtEpoch(),
                s.seed(), s.patience(), s.preparation(), s.augmentation());
    }

    /**
     * Trains {@code graph} from {@code start} for {@code epochs} on this thread; events go to {@code listener}.
     *
     * @param masks     null for structured pruning; else applied after every step
     * @param runHolder receives the run as soon as it exists (to stop it from another thread); may be null
     */
    public static Result run(Graph graph, Weights start, PruneData data, int epochs, MagnitudeMasks masks,
                             Consumer<TrainingEvent> listener, Consumer<TrainingService.Run> runHolder) throws Failed {
        TrainingSettings settings = settings(graph, epochs);
        TrainingService.Data trainingData = TrainingService.Data.of(data.split(), settings.batchSize(), data.seed(),
                data.inputShape()).augmented(settings.augmentation(), data.inputShape(), data.seed());
        // The run executes on this thread, once its handle is known, so the listener can reach its network.
        List<Runnable> queued = new ArrayList<>();
        TrainingService.Run[] run = new TrainingService.Run[1];
        ParameterVertices vertices = ParameterVertices.of(graph);
        Map<String, INDArray> maskCache = new HashMap<>();
        TrainingEvent.Evaluated[] test = new TrainingEvent.Evaluated[1];
        ComputationGraph[] maskedNet = new ComputationGraph[1];
        run[0] = new TrainingService(queued::add).start(graph, trainingData, settings, TrainingService.Monitoring.none(),
                new TrainingService.StartFrom("the pruned network", start), e -> {
                    if (masks != null && e instanceof TrainingEvent.Iteration && run[0].network() != null) {
                        if (maskedNet[0] != run[0].network()) {
                            maskCache.clear();
                            maskedNet[0] = run[0].network();
                        }
                        masks.applyTo(run[0].network(), vertices, maskCache);
                    }
                    if (e instanceof TrainingEvent.Evaluated ev && ev.set().equals("test")) {
                        test[0] = ev;
                    }
                    listener.accept(e);
                });
        if (runHolder != null) {
            runHolder.accept(run[0]);
        }
        queued.forEach(Runnable::run);
        TrainingEvent end;
        try {
            end = run[0].awaitEnd(0, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("fine-tuning was interrupted");
        }
        if (end instanceof TrainingEvent.Failed f) {
            throw new Failed("fine-tuning failed: " + f.reason() + " " + f.hint());
        }
        if (end instanceof TrainingEvent.Stopped || run[0].network() == null) {
            throw new Failed("fine-tuning was stopped");
        }
        return new Result(run[0].network(), test[0]);
    }
}
