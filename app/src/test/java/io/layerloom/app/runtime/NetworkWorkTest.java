package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A network's work per batch, from the graph model's analysis: what the threads' default reads. */
class NetworkWorkTest {

    private static Graph read(String json) throws Exception {
        return GraphJson.read(json, "net.json");
    }

    @Test
    void theWorkIsTheAnalysisMultiplyAddsTimesTheBatch() throws Exception {
        Graph mlp = read("""
                {"format": "layerloom-graph", "version": 1, "name": "Fashion MLP", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [784]},
                  {"id": "h", "kind": "Dense", "inputs": ["in"], "units": 128, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["h"], "units": 10}
                ]}""");

        NetworkWork work = NetworkWork.of(mlp, 64, NetworkWork.Pass.TRAINING).orElseThrow();

        // 784 x 128 + 128 x 10 multiply-adds per example, counted by hand
        assertEquals(new NetworkWork("Fashion MLP", 101_632, 64, NetworkWork.Pass.TRAINING), work);
        assertEquals(6_504_448, work.macsPerBatch());
        assertEquals("0.1 M multiply-adds per example, 6.5 M a batch of 64", work.describe());
        assertTrue(work.small());
    }

    @Test
    void aGraphWithErrorsHasNoKnownWork() throws Exception {
        Graph broken = read("""
                {"format": "layerloom-graph", "version": 1, "name": "broken", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [4]},
                  {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 8, "kernel": [3, 3]},
                  {"id": "out", "kind": "Output", "inputs": ["c"], "units": 2}
                ]}""");

        assertEquals(Optional.empty(), NetworkWork.of(broken, 64, NetworkWork.Pass.TRAINING));
    }

    @Test
    void aHugeBatchSaturatesInsteadOfWrappingAround() {
        NetworkWork huge = new NetworkWork("big", Long.MAX_VALUE / 2, 4, NetworkWork.Pass.INFERENCE);
        assertEquals(Long.MAX_VALUE, huge.macsPerBatch());
        assertFalse(huge.small());
        assertThrows(IllegalArgumentException.class, () -> new NetworkWork("x", 1, 0, NetworkWork.Pass.TRAINING));
        assertEquals("the network", new NetworkWork(" ", 1, 1, NetworkWork.Pass.TRAINING).name());
    }
}
