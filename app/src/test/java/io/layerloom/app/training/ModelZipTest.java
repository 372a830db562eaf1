package io.layerloom.app.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** ModelZip writes what DL4J's ModelSerializer writes, entry for entry, and DL4J's reader restores it. */
class ModelZipTest {

    @TempDir
    Path dir;

    private static ComputationGraph network() {
        Graph g = new Graph("zip", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(6))),
                Node.of("first", new LayerSpec.Dense(8, ActivationFunction.TANH, true), "in"),
                Node.of("bn", new LayerSpec.BatchNorm(1e-5, 0.9), "first"),
                Node.of("out", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "bn")));
        return TrainingSetUp.initialise(Dl4jCompiler.compile(g).require());
    }

    /** Trained a few steps, so the updater has state and the parameters are not their initial values. */
    private static ComputationGraph trained() {
        ComputationGraph net = network();
        Nd4j.getRandom().setSeed(3);
        float[][] labels = new float[16][3];
        for (int i = 0; i < 16; i++) {
            labels[i][i % 3] = 1;
        }
        DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, 16, 6), Nd4j.createFromArray(labels));
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        return net;
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                entries.put(entry.getName(), z.getInputStream(entry).readAllBytes());
            }
        }
        return entries;
    }

    private void assertSameAsModelSerializer(ComputationGraph net, boolean withUpdater) throws Exception {
        Path ours = assertSameEntries(net, withUpdater);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(ours.toFile(), withUpdater);
        assertEquals(net.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertEquals(net.params(), restored.params());
        if (withUpdater) {
            assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        }
        var x = Nd4j.rand(DataType.FLOAT, 5, 6);
        assertEquals(net.outputSingle(x), restored.outputSingle(x));
    }

    /** Writes {@code net} both ways, asserts every entry is the same, and returns ModelZip's file. */
    private Path assertSameEntries(ComputationGraph net, boolean withUpdater) throws Exception {
        Path theirs = dir.resolve("theirs-" + withUpdater + ".zip");
        Path ours = dir.resolve("ours-" + withUpdater + ".zip");
        ModelSerializer.writeModel(net, theirs.toFile(), withUpdater);
        ModelZip.write(net, ours, withUpdater);

        Map<String, byte[]> expected = entries(theirs);
        Map<String, byte[]> actual = entries(ours);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        assertEquals(withUpdater ? List.of("configuration.json", "coefficients.bin", "updaterState.bin")
                : List.of("configuration.json", "coefficients.bin"), List.copyOf(actual.keySet()));
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name);
        }
        return ours;
    }

    @Test
    void specialValuesAreWrittenAsNd4jWritesThem() throws Exception {
        ComputationGraph net = network();
        // A NaN with a payload (ND4J writes Float.floatToIntBits: the canonical NaN), -0, infinities, a subnormal.
        float[] special = {Float.intBitsToFloat(0x7fc00123), -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < special.length; i++) {
            net.params().putScalar(i, special[i]);
        }
        assertSameEntries(net, false);
    }

    @Test
    void anUntrainedNetworkIsWrittenAsModelSerializerWritesIt() throws Exception {
        assertSameAsModelSerializer(network(), false);
    }

    @Test
    void aTrainedNetworkWithItsUpdaterStateIsWrittenAsModelSerializerWritesIt() throws Exception {
        ComputationGraph net = trained();
        assertTrue(net.getUpdater().getStateViewArray().length() > 0, "Adam keeps state after fitting");
        assertSameAsModelSerializer(net, true);
        assertSameAsModelSerializer(net, false);
    }

    @Test
    void theParametersAreStoredNotDeflatedAndTheConfigurationIsDeflated() throws Exception {
        Path ours = dir.resolve("ours.zip");
        ModelZip.write(network(), ours, false);
        try (ZipFile z = new ZipFile(ours.toFile())) {
            ZipEntry params = z.getEntry("coefficients.bin");
            ZipEntry config = z.getEntry("configuration.json");
            // Level 0 still wraps the bytes in deflate's stored blocks: a few bytes more, never fewer.
            assertTrue(params.getCompressedSize() >= params.getSize(), params.getCompressedSize() + " < " + params.getSize());
            assertTrue(config.getCompressedSize() < config.getSize() / 2, "JSON compresses well");
        }
    }
}
