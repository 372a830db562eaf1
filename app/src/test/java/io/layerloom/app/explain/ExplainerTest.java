package io.layerloom.app.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainedNetwork;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The receptive-field link: unit (row, column) of a layer's feature maps is mapped to the input
 * patch the graph analysis says it sees, and DL4J agrees: changing any pixel inside the patch
 * changes the unit, changing any pixel outside it does not. The network strides, pads and pools
 * (identity activations, average pooling, so that every pixel of the field counts).
 */
class ExplainerTest {

    private static final String GRAPH = """
            {"format": "layerloom-graph", "version": 1, "name": "fields", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 16, 16]},
              {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 2, "kernel": 3, "stride": 2, "padding": 1, "activation": "identity"},
              {"id": "p", "kind": "AvgPool2D", "inputs": ["c1"], "kernel": 2},
              {"id": "c2", "kind": "Conv2D", "inputs": ["p"], "filters": 2, "kernel": 3, "activation": "identity"},
              {"id": "f", "kind": "Flatten", "inputs": ["c2"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 3}
            ]}""";

    @TempDir
    Path dir;

    private Explainer explainer(ComputationGraph net, Graph graph) throws Exception {
        return Explainer.of(graph, TrainedNetwork.snapshot(net, List.of(1L, 16L, 16L)));
    }

    @Test
    void aUnitSeesExactlyThePatchTheReceptiveFieldGives() throws Exception {
        Graph graph = GraphJson.read(GRAPH, "fields");
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(graph, 3).require());
        Explainer explainer = explainer(net, graph);
        assertEquals(List.of("c1", "p", "c2"), explainer.featureMapLayers());
        Random r = new Random(4);
        float[] pixels = new float[256];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        // c1: 3x3 /2 padding 1 -> 8x8; p: 2x2 /2 -> 4x4 (field 5x5 /4); c2: 3x3 -> 2x2 (field 13x13 /4, padding 1)
        record Case(String layer, int row, int column, Explainer.Patch expected) {
        }
        List<Case> cases = List.of(new Case("c1", 0, 0, new Explainer.Patch(0, 0, 1, 1, 3, 3)),
                new Case("c1", 3, 5, new Explainer.Patch(5, 9, 7, 11, 3, 3)),
                new Case("p", 2, 1, new Explainer.Patch(7, 3, 11, 7, 5, 5)),
                new Case("c2", 1, 1, new Explainer.Patch(3, 3, 15, 15, 13, 13)),
                new Case("c2", 0, 1, new Explainer.Patch(0, 3, 11, 15, 13, 13)));
        for (Case c : cases) {
            Explainer.Patch patch = explainer.patch(c.layer(), c.row(), c.column()).orElseThrow();
            assertEquals(c.expected(), patch, c.layer() + " unit " + c.row() + "," + c.column());
            double before = unit(net, pixels, c.layer(), c.row(), c.column());
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    float[] changed = pixels.clone();
                    changed[y * 16 + x] += 1f;
                    boolean moved = Math.abs(unit(net, changed, c.layer(), c.row(), c.column()) - before) > 1e-6;
                    boolean inside = y >= patch.top() && y <= patch.bottom() && x >= patch.left() && x <= patch.right();
                    assertEquals(inside, moved, c.layer() + " unit " + c.row() + "," + c.column() + ": pixel " + y + "," + x
                            + (inside ? " is in the patch but does not change the unit" : " changes the unit from outside the patch"));
                }
            }
        }
    }

    /** Channel 0 of {@code layer} at (row, column), as DL4J computes it. */
    private static double unit(ComputationGraph net, float[] pixels, String layer, int row, int column) {
        INDArray x = Nd4j.create(pixels, new long[] {1, 1, 16, 16}, 'c');
        return net.feedForward(x, false).get(layer).getDouble(0, 0, row, column);
    }

    @Test
    void aClickOnATileFindsTheTileAndTheUnitUnderIt() throws Exception {
        Graph graph = GraphJson.read(GRAPH, "fields");
        Explainer explainer = explainer(TrainingSetUp.initialise(Dl4jCompiler.compile(graph, 3).require()), graph);
        Explainer.Tiles tiles = explainer.featureMaps(new float[256], "c1");
        assertEquals(2, tiles.tiles());
        assertEquals(8, tiles.mapHeight());
        assertEquals(64, tiles.tileWidth(), "an 8x8 map enlarged 8 times");
        // tile 1 starts at x = 2 + 64 + 2; unit (2, 5) covers x from 68 + 40, y from 2 + 16
        int[] unit = tiles.unitAt(68 + 40 + 3, 2 + 16 + 7).orElseThrow();
        assertEquals(List.of(1, 2, 5), List.of(unit[0], unit[1], unit[2]));
        assertTrue(tiles.unitAt(1, 1).isEmpty(), "the gap is no unit");
        assertTrue(tiles.unitAt(2 + 2 * 66 + 5, 5).isEmpty(), "no third tile");
        assertEquals(tiles.picture().width() * tiles.picture().height(), tiles.picture().argb().length);
    }

    @Test
    void aLayerWithoutFeatureMapsAndAGraphWithoutAModelAreRefusedWithWhatToDo() throws Exception {
        Graph graph = GraphJson.read(GRAPH, "fields");
        Explainer explainer = explainer(TrainingSetUp.initialise(Dl4jCompiler.compile(graph, 3).require()), graph);
        assertEquals("[8]", explainer.notFeatureMaps("f").orElseThrow());
        assertTrue(explainer.notFeatureMaps("c2").isEmpty());
        Path file = dir.resolve("fields.json");
        Files.writeString(file, GRAPH);
        Explainer.Problem none = assertThrows(Explainer.Problem.class, () -> Explainer.saved(graph, file));
        assertEquals("No trained model for fields.json: fields.dl4j.zip does not exist. Train the graph on the Training tab"
                + " (or with 'layerloom train'), then explain.", none.getMessage());
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(graph, 3).require());
        ModelFiles.save(net, ModelFiles.modelFor(file, null), new ModelFiles.Provenance("fields.json", null, 3, 0, Double.NaN));
        Explainer saved = Explainer.saved(graph, file);
        float[] pixels = new float[256];
        java.util.Arrays.fill(pixels, 0.5f);
        assertEquals(explainer.answer(pixels).predicted(), saved.answer(pixels).predicted(), "the saved model is the same network");
        Graph dense = GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "dense", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [256]},
                  {"id": "out", "kind": "Output", "inputs": ["in"], "units": 3}
                ]}""", "dense");
        Explainer.Problem notImages = assertThrows(Explainer.Problem.class, () -> Explainer.compile(dense));
        assertEquals("The Input 'in' takes [256], not images ([1 or 3 channels, height, width]): explain shows what a network"
                + " sees in images.", notImages.getMessage());
    }
}
