package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The DL4J 1.0.0-M2.1 run-time failures we refuse before they happen (docs/dl4j.md). */
class Dl4jLimitationsTest {

    private static Graph image(int channels, String layer) throws Exception {
        return GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [" + channels + ", 8, 8]},"
                + "{\"id\": \"x\", \"inputs\": [\"in\"], " + layer + "},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"x\"]},"
                + "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}]}", "t");
    }

    private static List<Diagnostic> problems(Graph g) {
        return Dl4jCompiler.compile(g).problems();
    }

    @Test
    void separableConvolutionOnOneChannelIsRefusedWithTheConv2DFix() throws Exception {
        List<Diagnostic> p = problems(image(1, "\"kind\": \"SeparableConv2D\", \"filters\": 8"));
        assertEquals(1, p.size());
        assertEquals(DiagnosticCode.DL4J_UNSUPPORTED, p.get(0).code());
        assertEquals(Optional.of("x"), p.get(0).node());
        assertTrue(p.get(0).fixes().get(0).startsWith("On one channel it is an ordinary convolution: use Conv2D"));
        assertEquals(List.of(), problems(image(3, "\"kind\": \"SeparableConv2D\", \"filters\": 8")));
        assertEquals(List.of(), problems(image(1, "\"kind\": \"SeparableConv2D\", \"filters\": 1")));
    }

    @Test
    void localResponseNormNeedsMoreChannelsThanHalfItsSize() throws Exception {
        List<Diagnostic> p = problems(image(2, "\"kind\": \"LocalResponseNorm\", \"size\": 5"));
        assertEquals(1, p.size());
        assertEquals("Set size to at most 3, or move it after a layer with more channels.", p.get(0).fixes().get(0));
        assertEquals(List.of(), problems(image(3, "\"kind\": \"LocalResponseNorm\", \"size\": 5")));
    }
}
