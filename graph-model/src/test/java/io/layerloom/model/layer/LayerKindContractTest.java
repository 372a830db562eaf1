package io.layerloom.model.layer;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.GraphSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

/** Every layer kind, whatever it is, must pass through every part of the model. */
class LayerKindContractTest {

    static Stream<LayerKind<?>> kinds() {
        return LayerKinds.all().stream();
    }

    @Test
    void everyPermittedSpecHasExactlyOneKind() {
        assertEquals(LayerSpec.class.getPermittedSubclasses().length, LayerKinds.all().size());
        assertEquals(27, LayerKinds.all().size());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void defaultsExposeEveryParameterWithItsDefault(LayerKind<?> kind) {
        LayerSpec spec = kind.defaults();
        Map<String, Object> values = kind.values(spec);
        assertEquals(kind.params().stream().map(ParamDef::name).toList(), List.copyOf(values.keySet()));
        for (ParamDef p : kind.params()) {
            if (p.defaultFrom() == null) {
                assertEquals(p.defaultValue(), values.get(p.name()), p.name());
            }
            assertTrue(p.problem(values.get(p.name())).isEmpty(), kind + "." + p.name() + " default is out of its own range");
            assertEquals(spec, kind.with(spec, p.name(), values.get(p.name())));
        }
        assertSame(kind, spec.kind());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void defaultSpecRoundTripsThroughJson(LayerKind<?> kind) throws Exception {
        Graph g = new Graph("k", "", List.of(Node.of("n", kind.defaults())));
        String text = GraphJson.write(g);
        assertEquals(g, GraphJson.read(text, "roundtrip"));
        assertEquals(text, GraphJson.write(GraphJson.read(text, "roundtrip")));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyPassHandlesTheDefaultSpecOnASuitableInput(LayerKind<?> kind) {
        Graph g = harness(kind);
        Analysis a = GraphAnalysis.analyze(g);
        NodeResult r = a.node("n").orElseThrow();
        assertTrue(r.output().isPresent(), () -> kind + " default spec gives no shape: " + a.diagnostics());
        assertTrue(r.cost().isPresent());
        assertTrue(a.diagnosticsFor("n").stream().noneMatch(d -> d.isError()), () -> a.diagnosticsFor("n").toString());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void schemaDescribesTheKindAndEachParameter(LayerKind<?> kind) {
        String schema = GraphSchema.text();
        assertTrue(schema.contains("\"const\": \"" + kind.name() + "\""), kind.name());
        for (ParamDef p : kind.params()) {
            assertTrue(schema.contains("\"" + p.name() + "\": {"), p.name());
        }
    }

    /** Input of the kind the layer takes (with a size its default kernel fits), then the layer. */
    private static Graph harness(LayerKind<?> kind) {
        List<Node> nodes = new ArrayList<>();
        LayerSpec spec = kind.defaults();
        Dims in;
        if (spec instanceof LayerSpec.Dense || spec instanceof LayerSpec.Output) {
            in = Dims.of(20);
        } else if (spec instanceof LayerSpec.Embedding) {
            in = Dims.of(1, 12);
        } else if (kind.family() == Family.RECURRENT || spec instanceof LayerSpec.RnnOutput) {
            in = Dims.of(16, 12);
        } else {
            in = Dims.of(3, 16, 16);
        }
        if (spec instanceof LayerSpec.Input) {
            nodes.add(Node.of("n", spec));
        } else {
            nodes.add(Node.of("in", new LayerSpec.Input(in)));
            String[] inputs = new String[Math.max(1, kind.minInputs())];
            java.util.Arrays.fill(inputs, "in");
            if (kind.minInputs() > 1) {
                nodes.add(Node.of("other", new LayerSpec.ActivationLayer(ActivationFunction.RELU), "in"));
                inputs[1] = "other";
            }
            nodes.add(Node.of("n", spec, inputs));
        }
        return new Graph("harness", "", nodes);
    }
}
