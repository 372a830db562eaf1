package io.layerloom.app.designer.service;

import io.layerloom.app.prune.FineTuning;
import io.layerloom.app.prune.PruneData;
import io.layerloom.app.prune.PruneNetworks;
import io.layerloom.app.prune.PruneSession;
import io.layerloom.app.prune.PrunedModelFiles;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.app.training.TrainingSignature;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The window's pruning ({@link PruneSession}) of the model trained beside the open graph's file,
 * on the caller's thread. Behind an interface so that the window's tests prune without DL4J.
 */
public interface PruneService {

    /** Where a task reports: what it does and how far it is (0 to 1). */
    @FunctionalInterface
    interface Progress {
        void at(String what, double fraction);

        /** The sensitivity analysis measured so far (called after each point, on the task's thread). */
        default void sensitivitySoFar(PruneSession.Sensitivity soFar) {
        }
    }

    /**
     * A structured pruning's outcome: the files written and the figures before, just after
     * pruning (accuracy only) and at the end.
     *
     * @param filters per convolution that lost filters, {before, after}
     */
    record Outcome(Path graphFile, Path modelFile, PruneNetworks.Figures before, double prunedAccuracy,
                   PruneNetworks.Figures after, Map<String, int[]> filters, int fineTuneEpochs) {
    }

    PruneSession.Sensitivity sensitivity(Graph graph, Path graphFile, Progress progress, BooleanSupplier cancelled)
            throws Exception;

    Outcome prune(Graph graph, Path graphFile, double ratio, int fineTuneEpochs, Path out, Progress progress,
                  BooleanSupplier cancelled) throws Exception;

    /**
     * DL4J's, with the threads {@code threads} gives for the graph's work when a task starts (the
     * window's Run > Threads): pruning's passes are mostly evaluations at {@link PruneNetworks#BATCH}.
     */
    static PruneService dl4j(Function<NetworkWork, ThreadChoice> threads) {
        return new PruneService() {
            @Override
            public PruneSession.Sensitivity sensitivity(Graph graph, Path graphFile, Progress progress, BooleanSupplier cancelled)
                    throws Exception {
                PruneSession session = open(graph, graphFile, threads, progress);
                return session.sensitivity(PruneSession.SENSITIVITY_RATIOS, new PruneSession.Progress() {
                    @Override
                    public void step(String what, int done, int total) {
                        progress.at(what, (double) done / total);
                    }

                    @Override
                    public boolean cancelled() {
                        return cancelled.getAsBoolean();
                    }

                    @Override
                    public void measured(PruneSession.Sensitivity soFar) {
                        progress.sensitivitySoFar(soFar);
                    }
                });
            }

            @Override
            public Outcome prune(Graph graph, Path graphFile, double ratio, int epochs, Path out, Progress progress,
                                 BooleanSupplier cancelled) throws Exception {
                PruneSession session = open(graph, graphFile, threads, progress);
                progress.at("measuring the unpruned network", 0.05);
                PruneNetworks.Figures before = session.measureOriginal();
                PruneSession.Structured s = session.structured(ratio);
                Graph small = s.graph().withName(graph.name() + " (pruned " + Math.round(100 * ratio) + "%)");
                progress.at("measuring the pruned network", 0.15);
                double pruned = session.measure(small, s.weights()).accuracy();
                ComputationGraph net;
                if (epochs > 0) {
                    int[] perEpoch = {1};
                    TrainingService.Run[] run = new TrainingService.Run[1];
                    net = FineTuning.run(small, s.weights(), session.data(), epochs, null, e -> {
                        if (cancelled.getAsBoolean() && run[0] != null) {
                            run[0].stop(); // takes effect before the next batch
                        }
                        if (e instanceof TrainingEvent.Started st) {
                            perEpoch[0] = Math.max(1, st.iterationsPerEpoch());
                        } else if (e instanceof TrainingEvent.Iteration it) {
                            progress.at("fine-tuning, epoch " + it.epoch() + " of " + epochs,
                                    0.2 + 0.7 * it.iteration() / ((double) perEpoch[0] * epochs));
                        }
                    }, r -> run[0] = r).network();
                } else {
                    net = PruneNetworks.build(small, s.weights());
                }
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("pruning cancelled");
                }
                progress.at("measuring the result", 0.92);
                var end = NetworkWeights.read(net, ParameterVertices.of(small));
                PruneNetworks.Figures[] compared = session.withComparedSpeeds(before, session.measure(small, end), small, end);
                before = compared[0];
                PruneNetworks.Figures after = compared[1];
                Path model = PrunedModelFiles.save(small, net, out, session.data(), after.accuracy(), epochs > 0);
                Map<String, int[]> filters = new LinkedHashMap<>();
                s.pruned().removed().forEach((conv, gone) -> {
                    int n = s.pruned().originalWidths().get(conv);
                    filters.put(conv, new int[] {n, n - gone.size()});
                });
                return new Outcome(out, model, before, pruned, after, filters, epochs);
            }
        };
    }

    private static PruneSession open(Graph graph, Path graphFile, Function<NetworkWork, ThreadChoice> threads,
                                     Progress progress) throws Exception {
        var analysis = GraphAnalysis.analyze(graph);
        threads.apply(NetworkWork.of(graph, analysis, PruneNetworks.BATCH, NetworkWork.Pass.INFERENCE).orElse(null)).apply();
        Path model = ModelFiles.modelFor(graphFile, null);
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("no trained model at " + model + ": train the graph first (Training tab, or "
                    + "'layerloom train'), and save it.");
        }
        progress.at("loading the data the model was trained on", 0);
        PruneData data = PruneData.load(model, null, TrainingSignature.inputShape(graph, analysis).orElseThrow());
        return PruneSession.open(graph, model, data);
    }
}
