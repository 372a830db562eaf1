package io.layerloom.app.designer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.runtime.Dl4jThreads;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.app.training.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window trains different networks in one process: each run asks for the threads of its own
 * network's work and computes with them, on the thread that trains.
 */
class Dl4jTrainerThreadsTest {

    @AfterEach
    void backToOne() {
        Dl4jThreads.use(1); // surefire runs every test with OMP_NUM_THREADS=1
    }

    private static Graph mlp(String name, int units) throws Exception {
        return GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "%s", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [4]},
                  {"id": "h", "kind": "Dense", "inputs": ["in"], "units": %d, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["h"], "units": 2}
                ]}""".formatted(name, units), name + ".json");
    }

    @Test
    void eachRunComputesWithTheThreadsOfItsOwnNetwork() throws Exception {
        List<NetworkWork> asked = new ArrayList<>();
        List<Integer> computedWith = new ArrayList<>();
        // the wider network is "large" here: a stand-in for the real threshold, which a test cannot reach cheaply
        TrainerService trainer = new Dl4jTrainerService(DataSources.standard(), Runnable::run, work -> {
            asked.add(work);
            return new ThreadChoice(work.macsPerExample() > 1_000 ? 2 : 1, "test");
        });
        for (Graph graph : List.of(mlp("narrow", 16), mlp("wide", 512), mlp("narrow", 16))) {
            int[] seen = {0};
            trainer.start(graph, new DataSplit(Dl4jTrainerServiceTest.blobs(64, 1), Dl4jTrainerServiceTest.blobs(32, 2),
                            Optional.empty()), List.of(4L),
                    TrainingSettings.of(1, 32, 1e-2, TrainingSettings.Optimizer.SGD, 11), Weights::none,
                    new TrainerService.Listener() {
                        @Override
                        public void event(TrainingEvent event) {
                            if (event instanceof TrainingEvent.Iteration && seen[0] == 0) {
                                seen[0] = Dl4jThreads.current(); // on the training thread, during the run
                            }
                        }

                        @Override
                        public void predictions(List<TrainerService.Prediction> predictions) {
                        }
                    });
            computedWith.add(seen[0]);
        }

        // 4 x 16 + 16 x 2 and 4 x 512 + 512 x 2 multiply-adds per example, at the settings' batch of 32
        assertEquals(List.of(new NetworkWork("narrow", 96, 32, NetworkWork.Pass.TRAINING),
                new NetworkWork("wide", 3_072, 32, NetworkWork.Pass.TRAINING),
                new NetworkWork("narrow", 96, 32, NetworkWork.Pass.TRAINING)), asked);
        assertEquals(List.of(1, 2, 1), computedWith, "ND4J's threads follow each run's network, back down too");
    }
}
