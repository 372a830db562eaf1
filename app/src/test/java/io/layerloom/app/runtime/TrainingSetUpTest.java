package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jVersion;
import io.layerloom.model.json.GraphJson;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The set-up applies LayerLoom's workarounds on the target release only; elsewhere DL4J's network is left alone. */
class TrainingSetUpTest {

    private static ComputationGraphConfiguration configuration() throws Exception {
        return Dl4jCompiler.compile(GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 12, 12]},"
                + "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 3, \"activation\": \"relu\"},"
                + "{\"id\": \"p\", \"kind\": \"MaxPool2D\", \"inputs\": [\"c1\"], \"kernel\": 2},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"p\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 3}]}", "set-up-test")).require();
    }

    private static ComputationGraph plain() throws Exception {
        ComputationGraph net = new ComputationGraph(configuration());
        net.init();
        return net;
    }

    private static List<String> nativePooling(ComputationGraph net) {
        return Arrays.stream(net.getLayers()).filter(NativePooling::isNative).map(l -> l.conf().getLayer().getLayerName())
                .toList();
    }

    @Test
    void theClassPathHoldsTheTargetRelease() {
        assertEquals(new RuntimeReport.Versions(Dl4jVersion.TARGET, Dl4jVersion.TARGET, Dl4jVersion.TARGET),
                Dl4jRuntime.versions());
    }

    @Test
    void onTheTargetReleaseTheWorkaroundsAreApplied() throws Exception {
        ComputationGraph net = TrainingSetUp.apply(plain(), Dl4jRuntime.versions());
        assertEquals(List.of("p"), nativePooling(net));
    }

    @Test
    void onAnotherReleaseTheNetworkIsDl4jsOwn() throws Exception {
        ComputationGraph net = plain();
        List<Object> layers = List.of((Object[]) net.getLayers());
        ComputationGraph after = TrainingSetUp.apply(net, RuntimeReport.Versions.found("1.0.0-M3", "1.0.0-M3"));
        assertSame(net, after);
        assertEquals(layers, List.of((Object[]) after.getLayers()), "the same layer objects");
        assertEquals(List.of(), nativePooling(after));
        assertEquals(CacheMode.NONE, after.getConfiguration().getCacheMode());
    }
}
