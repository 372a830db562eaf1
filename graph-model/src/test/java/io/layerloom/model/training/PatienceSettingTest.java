package io.layerloom.model.training;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The early-stopping setting in a graph file: read, written only when on, refused when negative. */
class PatienceSettingTest {

    private static final String FILE = "{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": %s, \"nodes\": []}";

    @Test
    void patienceIsReadAndWrittenBackOnlyWhenOn() throws Exception {
        Graph g = GraphJson.read(FILE.formatted("{\"epochs\": 20, \"patience\": 3}"), "g.json");
        assertEquals(3, g.training().orElseThrow().patience());
        assertTrue(GraphJson.write(g).contains("\"seed\": 42, \"patience\": 3}"), GraphJson.write(g));
        assertEquals(g.training(), GraphJson.read(GraphJson.write(g), "again.json").training());
        Graph off = Graph.empty("g").withTraining(Optional.of(TrainingSettings.defaults()));
        assertFalse(GraphJson.write(off).contains("patience"), "a file without early stopping keeps its bytes");
        assertEquals(0, TrainingSettings.defaults().patience());
        assertEquals(3, TrainingSettings.defaults().withPatience(3).withSwitchToSgdAt(2).withWeightInit(TrainingSettings.Init.RELU)
                .withSchedule(TrainingSettings.Policy.STEP, 2, 0.5, 0).patience(), "every with... keeps it");
    }

    @Test
    void aNegativePatienceNamesTheSetting() {
        GraphFormatException e = assertThrows(GraphFormatException.class,
                () -> GraphJson.read(FILE.formatted("{\"patience\": -1}"), "g.json"));
        assertTrue(e.getMessage().contains("patience must be at least 0 (0: no early stopping), got -1."), e.getMessage());
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> TrainingSettings.defaults().withPatience(-2));
        assertTrue(direct.getMessage().startsWith("patience must be at least 0"));
    }
}
