package io.layerloom.app.designer.service;

import io.layerloom.app.profile.Profile;
import io.layerloom.app.profile.Profiler;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.model.graph.Graph;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Profiles one training iteration of a graph ({@link Profiler}), on the caller's thread. Behind an
 * interface so that the window's tests profile without DL4J.
 */
@FunctionalInterface
public interface ProfileService {

    Profile run(Graph graph, Profiler.Progress progress, BooleanSupplier cancelled) throws Profiler.ProfileException;

    /** DL4J's, with the graph file's batch size and the command line's default iterations. */
    static ProfileService dl4j() {
        return (graph, progress, cancelled) -> Profiler.run(graph, Profiler.Options.defaults(), progress, cancelled);
    }

    /**
     * The same, with the threads {@code threads} gives for the graph's work when a profile starts
     * (the window's Run > Threads; by default one thread for a small network, as training).
     */
    static ProfileService dl4j(Function<NetworkWork, ThreadChoice> threads) {
        return (graph, progress, cancelled) -> {
            Profiler.Options d = Profiler.Options.defaults();
            NetworkWork work = NetworkWork.of(graph, d.batchFor(graph), NetworkWork.Pass.TRAINING).orElse(null);
            return Profiler.run(graph, d.withThreads(threads.apply(work).threads()), progress, cancelled);
        };
    }
}
