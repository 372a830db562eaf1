package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.training.TrainedNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** What the Training tab would hand the Explain tab after a run: a session over {@code net} and its test data. */
public final class ExplainFixtures {

    private ExplainFixtures() {
    }

    public static ExplainViewModel.Trained trained(ComputationGraph net, LoadedData test, boolean running) {
        return trained(net, test, running, DataTransform.NONE);
    }

    /** The same after training on inputs {@code transform} normalised ({@code test} normalised so, as the Training tab holds it). */
    public static ExplainViewModel.Trained trained(ComputationGraph net, LoadedData test, boolean running, DataTransform transform) {
        return trained(net, test, test, running, transform);
    }

    /** The same with a validation split of its own ({@code validation}, as the Training tab holds it). */
    public static ExplainViewModel.Trained trained(ComputationGraph net, LoadedData validation, LoadedData test, boolean running,
                                                   DataTransform transform) {
        TrainerService.Session session = new TrainerService.Session() {
            @Override
            public void pause() {
            }

            @Override
            public void resume() {
            }

            @Override
            public void stop() {
            }

            @Override
            public boolean hasModel() {
                return true;
            }

            @Override
            public Optional<TrainedNetwork> snapshot(List<Long> inputShape) {
                return Optional.of(TrainedNetwork.snapshot(net, inputShape));
            }

            @Override
            public void export(Path file, String graphName, String dataSource, long seed, double testAccuracy) {
                throw new UnsupportedOperationException("not in these tests");
            }
        };
        return new ExplainViewModel.Trained(session, new DataSplit(test, validation, Optional.of(test)), transform, running);
    }
}
