package io.layerloom.model.layer;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.GraphSchema;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * The three lists of kinds agree: the records LayerSpec permits, the kinds of LayerKinds (one
     * each, no two of one name) and the methods of LayerVisitor (one taking each record), and every
     * record's accept calls the method that takes it.
     */
    @Test
    void thePermittedSpecsTheKindsAndTheVisitorMethodsAreTheSameList() {
        Set<Class<?>> permitted = Set.of(LayerSpec.class.getPermittedSubclasses());
        List<Class<?>> kinds = LayerKinds.all().stream().<Class<?>>map(LayerKind::specClass).toList();
        List<Class<?>> visited = Arrays.stream(LayerVisitor.class.getDeclaredMethods())
                .filter(m -> !m.isSynthetic())
                .<Class<?>>map(m -> m.getParameterTypes()[0]).toList();

        assertEquals(permitted, Set.copyOf(kinds), "LayerKinds.all() against LayerSpec's permits");
        assertEquals(kinds.size(), Set.copyOf(kinds).size(), "a spec class with two kinds");
        assertEquals(kinds.size(), Set.copyOf(LayerKinds.names()).size(), "two kinds of one name");
        assertEquals(permitted, Set.copyOf(visited), "LayerVisitor's methods against LayerSpec's permits");
        assertEquals(visited.size(), Set.copyOf(visited).size(), "two visitor methods for one spec");

        LayerVisitor<?> whichMethod = (LayerVisitor<?>) Proxy.newProxyInstance(LayerVisitor.class.getClassLoader(),
                new Class<?>[]{LayerVisitor.class}, (proxy, method, args) -> method.getParameterTypes()[0]);
        Map<Class<?>, Object> dispatched = new LinkedHashMap<>();
        Map<Class<?>, Object> expected = new LinkedHashMap<>();
        for (LayerKind<?> kind : LayerKinds.all()) {
            expected.put(kind.specClass(), kind.specClass());
            dispatched.put(kind.specClass(), kind.defaults().accept(whichMethod));
        }
        assertEquals(expected, dispatched, "a record whose accept calls another kind's visitor method");
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
    void everyPassHandlesTheDefaultSpecInItsSampleNetwork(LayerKind<?> kind) {
        Graph g = KindSamples.of(kind);
        Analysis a = GraphAnalysis.analyze(g);
        NodeResult r = a.node(kind.name()).orElseThrow();
        assertTrue(r.output().isPresent(), () -> kind + " default spec gives no shape: " + a.diagnostics());
        assertTrue(r.cost().isPresent());
        // A weighted kind's default activation is identity, so its sample (the kind, then an
        // Output) is two linear layers in a row: the analysis says so, and nothing else.
        assertEquals(List.of(), a.diagnostics().stream()
                .filter(d -> !(d.code() == io.layerloom.model.analysis.DiagnosticCode.LINEAR_CHAIN && d.node().equals(java.util.Optional.of(kind.name()))))
                .toList(), () -> kind + "'s sample network");
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
}
