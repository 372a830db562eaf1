package io.layerloom.model.analysis;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.graph.Graph;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static io.layerloom.model.TestGraphs.nodes;
import static org.junit.jupiter.api.Assertions.*;

class AnalysisTest {

    private static NodeResult result(Analysis a, String id) {
        return a.node(id).orElseThrow();
    }

    private static List<Long> shape(Analysis a, String id) {
        return result(a, id).output().orElseThrow(() -> new AssertionError(id + " has no shape: " + a.diagnostics())).dims();
    }

    private static Cost cost(Analysis a, String id) {
        return result(a, id).cost().orElseThrow();
    }

    private static List<DiagnosticCode> codes(Analysis a) {
        return a.diagnostics().stream().map(Diagnostic::code).toList();
    }

    @Test
    void tinyExampleGivesTheIssuesFigures() {
        Analysis a = GraphAnalysis.analyze(TestGraphs.parse(TestGraphs.TINY));
        assertEquals(List.of(), a.diagnostics());
        assertEquals(List.of(8L, 24L, 24L), shape(a, "c1"));
        assertEquals(new Cost(208, 0, 115_200), cost(a, "c1"));
        assertEquals(new ReceptiveField.Local(new ReceptiveField.Axis(5, 1, 0), new ReceptiveField.Axis(5, 1, 0)),
                result(a, "c1").receptiveField().orElseThrow());
        assertEquals(List.of(8L, 12L, 12L), shape(a, "p1"));
        assertEquals(new ReceptiveField.Local(new ReceptiveField.Axis(6, 2, 0), new ReceptiveField.Axis(6, 2, 0)),
                result(a, "p1").receptiveField().orElseThrow());
        assertEquals(List.of(1152L), shape(a, "f"));
        assertEquals(Optional.of(ReceptiveField.Global.INSTANCE), result(a, "f").receptiveField());
        assertEquals(new Cost(11_530, 0, 11_520), cost(a, "out"));
        Totals t = a.totals();
        assertEquals(11_738, t.params());
        assertEquals(11_738, t.trainableParams());
        assertEquals(0, t.nonTrainableParams());
        assertEquals(115_200 + 11_520, t.macs());
        assertEquals(28 * 28 * 4, t.inputBytes());
        assertEquals(2L * 4 * (8 * 24 * 24 + 8 * 12 * 12 + 1152 + 10), t.forwardBackwardActivationBytes());
        assertTrue(t.complete());
        assertEquals(List.of("in", "c1", "p1", "f", "out"), a.topologicalOrder());
    }

    @Test
    void trainingMemoryCountsParamsGradientsAdamStateAndActivationsTimesBatch() {
        Totals t = GraphAnalysis.analyze(TestGraphs.parse(TestGraphs.TINY)).totals();
        long params = 11_738L * 4;
        assertEquals(8L * 24 * 24 * 4, t.convolutionOutputBytes(), "c1's output, kept once more for the backward pass");
        assertEquals(params * 4 + 10 * (t.inputBytes() + t.forwardBackwardActivationBytes() + t.convolutionOutputBytes()),
                t.trainingBytes(10));
    }

    @Test
    void batchNormCountsTwoTrainableAndTwoRunningValuesPerChannel() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [16, 8, 8]}",
                "{\"id\": \"bn\", \"kind\": \"BatchNorm\", \"inputs\": [\"in\"]}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"bn\"]}",
                "{\"id\": \"bn2\", \"kind\": \"BatchNorm\", \"inputs\": [\"f\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"bn2\"], \"units\": 2}"));
        assertEquals(new Cost(32, 32, 0), cost(a, "bn"));
        assertEquals(new Cost(2048, 2048, 0), cost(a, "bn2"));
        assertEquals(32 + 2048 + 1024 * 2 + 2, a.totals().trainableParams());
        assertEquals(2048 + 32, a.totals().nonTrainableParams());
    }

    @Test
    void pytorchsHardActivationsCostNoParametersAndKeepShapes() {
        Analysis plain = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 16, 16]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 8, \"kernel\": 3}",
                "{\"id\": \"g\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"c\"]}",
                "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"g\"], \"units\": 5}"));
        for (String f : List.of("hardsigmoid_torch", "hardswish")) {
            Analysis a = GraphAnalysis.analyze(nodes(
                    "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 16, 16]}",
                    "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 8, \"kernel\": 3, \"activation\": \"" + f + "\"}",
                    "{\"id\": \"a\", \"kind\": \"Activation\", \"inputs\": [\"c\"], \"activation\": \"" + f + "\"}",
                    "{\"id\": \"g\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"a\"]}",
                    "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"g\"], \"units\": 5, \"activation\": \"" + f + "\"}"));
            assertEquals(cost(plain, "c"), cost(a, "c"), f);
            assertEquals(cost(plain, "d"), cost(a, "d"), f);
            assertEquals(0, cost(a, "a").params(), f);
            assertEquals(shape(plain, "c"), shape(a, "a"), f);
            assertEquals(List.of(5L), shape(a, "d"), f);
        }
    }

    @Test
    void convolutionFamilyParameterCounts() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [32, 16, 16]}",
                "{\"id\": \"dw\", \"kind\": \"DepthwiseConv2D\", \"inputs\": [\"in\"], \"multiplier\": 2, \"kernel\": 3, \"padding\": \"same\"}",
                "{\"id\": \"sep\", \"kind\": \"SeparableConv2D\", \"inputs\": [\"in\"], \"filters\": 64, \"kernel\": 3, \"stride\": 2, \"padding\": 1}",
                "{\"id\": \"de\", \"kind\": \"Deconv2D\", \"inputs\": [\"in\"], \"filters\": 8, \"kernel\": 4, \"stride\": 2, \"padding\": 1, \"bias\": false}",
                "{\"id\": \"dil\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 3, \"dilation\": 2}"));
        assertEquals(List.of(64L, 16L, 16L), shape(a, "dw"));
        assertEquals(new Cost(32 * 2 * 9 + 64, 0, 32 * 2 * 9 * 256), cost(a, "dw"));
        assertEquals(List.of(64L, 8L, 8L), shape(a, "sep"));
        assertEquals(new Cost(32 * 9 + 32 * 64 + 64, 0, (32 * 9 + 32 * 64) * 64), cost(a, "sep"));
        assertEquals(List.of(8L, 32L, 32L), shape(a, "de"));
        assertEquals(new Cost(16 * 32 * 8, 0, 16 * 32 * 8 * 256), cost(a, "de"));
        assertEquals(List.of(4L, 12L, 12L), shape(a, "dil"));
        ReceptiveField.Local rf = (ReceptiveField.Local) result(a, "dil").receptiveField().orElseThrow();
        assertEquals(5, rf.height().size());
        assertEquals(Optional.empty(), result(a, "de").receptiveField(), "transposed convolutions have no Distill field");
    }

    @Test
    void recurrentLayersMatchKerasAndDl4jCounts() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [32, 50]}",
                "{\"id\": \"lstm\", \"kind\": \"LSTM\", \"inputs\": [\"in\"], \"units\": 64, \"returnSequences\": true}",
                "{\"id\": \"bi\", \"kind\": \"LSTM\", \"inputs\": [\"lstm\"], \"units\": 16, \"bidirectional\": true}",
                "{\"id\": \"rnn\", \"kind\": \"SimpleRNN\", \"inputs\": [\"in\"], \"units\": 8, \"returnSequences\": true}",
                "{\"id\": \"ro\", \"kind\": \"RnnOutput\", \"inputs\": [\"rnn\"], \"units\": 5}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"bi\"], \"units\": 3}"));
        // 4n(in + n + 1): Keras's LSTM(64) on 32 features has 24,832 parameters.
        assertEquals(List.of(64L, 50L), shape(a, "lstm"));
        assertEquals(24_832, cost(a, "lstm").trainableParams());
        assertEquals(50L * 4 * 64 * (32 + 64), cost(a, "lstm").macs());
        assertEquals(List.of(32L), shape(a, "bi"));
        assertEquals(2L * 4 * 16 * (64 + 16 + 1), cost(a, "bi").trainableParams());
        assertEquals(8 * 32 + 8 * 8 + 8, cost(a, "rnn").trainableParams());
        assertEquals(List.of(5L, 50L), shape(a, "ro"));
        assertEquals(8 * 5 + 5, cost(a, "ro").trainableParams());
        assertEquals(List.of(), a.diagnostics());
    }

    @Test
    void mergesAndReshapes() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 8, 8]}",
                "{\"id\": \"a\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 1}",
                "{\"id\": \"b\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 6, \"kernel\": 3, \"padding\": 1}",
                "{\"id\": \"cat\", \"kind\": \"Concat\", \"inputs\": [\"a\", \"b\"]}",
                "{\"id\": \"r\", \"kind\": \"Reshape\", \"inputs\": [\"cat\"], \"shape\": [10, -1]}",
                "{\"id\": \"l\", \"kind\": \"LSTM\", \"inputs\": [\"r\"], \"units\": 4}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"l\"], \"units\": 2}"));
        assertEquals(List.of(10L, 8L, 8L), shape(a, "cat"));
        assertEquals(List.of(10L, 64L), shape(a, "r"));
        ReceptiveField.Local rf = (ReceptiveField.Local) result(a, "cat").receptiveField().orElseThrow();
        assertEquals(3, rf.height().size(), "a merge takes the largest field");
        assertEquals(List.of(), a.diagnostics());
    }

    @Test
    void aKernelLargerThanItsInputIsReportedOnceAtItsNode() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 28, 28]}",
                "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"kernel\": 30}",
                "{\"id\": \"c2\", \"kind\": \"Conv2D\", \"inputs\": [\"c1\"], \"kernel\": 3}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c2\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}"));
        assertEquals(List.of(DiagnosticCode.KERNEL_TOO_LARGE), codes(a));
        Diagnostic d = a.diagnostics().get(0);
        assertEquals(Optional.of("c1"), d.node());
        assertEquals(Optional.of("kernel"), d.field());
        assertTrue(d.message().startsWith("Conv2D 'c1': kernel 30 is larger than its padded 28x28 input"), d.message());
        assertFalse(d.fixes().isEmpty());
        assertTrue(result(a, "c2").output().isEmpty());
        assertTrue(result(a, "o").output().isEmpty());
        assertFalse(a.totals().complete());
    }

    @Test
    void aDilatedKernelIsMeasuredByItsSpan() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 8, 8]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"kernel\": 3, \"dilation\": 4}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}"));
        assertEquals(List.of(DiagnosticCode.KERNEL_TOO_LARGE), codes(a));
        assertTrue(a.diagnostics().get(0).message().contains("dilation 4 spans 9"), a.diagnostics().get(0).message());
    }

    @Test
    void wrongInputKindsSayWhatToInsert() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 28, 28]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"activation\": \"relu\"}",
                "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"c\"]}",
                "{\"id\": \"l\", \"kind\": \"LSTM\", \"inputs\": [\"c\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"d\"]}",
                "{\"id\": \"o2\", \"kind\": \"Output\", \"inputs\": [\"l\"]}"));
        assertEquals(List.of(DiagnosticCode.WRONG_INPUT_KIND, DiagnosticCode.WRONG_INPUT_KIND), codes(a));
        assertTrue(a.diagnostics().get(0).fixes().get(0).contains("Flatten"));
        assertTrue(a.diagnostics().get(1).fixes().get(0).contains("Reshape"));
    }

    @Test
    void mergeMismatchNamesEveryShape() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 8, 8]}",
                "{\"id\": \"a\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 3}",
                "{\"id\": \"b\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 1}",
                "{\"id\": \"s\", \"kind\": \"Add\", \"inputs\": [\"a\", \"b\"]}",
                "{\"id\": \"c\", \"kind\": \"Concat\", \"inputs\": [\"a\", \"b\"]}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"s\"]}",
                "{\"id\": \"f2\", \"kind\": \"Flatten\", \"inputs\": [\"c\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}",
                "{\"id\": \"o2\", \"kind\": \"Output\", \"inputs\": [\"f2\"]}"));
        assertEquals(List.of(DiagnosticCode.MERGE_SHAPE_MISMATCH, DiagnosticCode.MERGE_SHAPE_MISMATCH), codes(a));
        assertTrue(a.diagnostics().get(0).message().contains("image 4x6x6, image 4x8x8"), a.diagnostics().get(0).message());
    }

    @Test
    void misalignedBranchesWarn() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 9, 9]}",
                "{\"id\": \"a\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 3, \"padding\": 1}",
                "{\"id\": \"p\", \"kind\": \"ZeroPadding2D\", \"inputs\": [\"in\"], \"padding\": [2, 0, 2, 0]}",
                "{\"id\": \"b\", \"kind\": \"Conv2D\", \"inputs\": [\"p\"], \"filters\": 4, \"kernel\": 3}",
                "{\"id\": \"s\", \"kind\": \"Add\", \"inputs\": [\"a\", \"b\"]}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"s\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}"));
        assertEquals(List.of(DiagnosticCode.RECEPTIVE_FIELD_MISALIGNED), codes(a));
        assertEquals(Severity.WARNING, a.diagnostics().get(0).severity());
        assertTrue(result(a, "s").output().isPresent(), "a warning does not stop the analysis");
    }

    @Test
    void aCycleIsReportedOnceAndItsDownstreamIsNotReportedAgain() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"a\", \"kind\": \"Add\", \"inputs\": [\"in\", \"c\"]}",
                "{\"id\": \"b\", \"kind\": \"Dense\", \"inputs\": [\"a\"], \"units\": 4}",
                "{\"id\": \"c\", \"kind\": \"Dense\", \"inputs\": [\"b\"], \"units\": 4}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"c\"]}"));
        assertEquals(List.of(DiagnosticCode.CYCLE), codes(a));
        assertTrue(a.diagnostics().get(0).message().contains("a -> b -> c -> a"), a.diagnostics().get(0).message());
        assertEquals(List.of("in"), a.topologicalOrder());
        assertTrue(result(a, "o").output().isEmpty());
    }

    @Test
    void aSelfLoopIsACycle() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"a\", \"kind\": \"Add\", \"inputs\": [\"in\", \"a\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"a\"]}"));
        assertEquals(List.of(DiagnosticCode.CYCLE), codes(a));
    }

    @Test
    void structuralProblems() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"inn\"]}",
                "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"in\"]}",
                "{\"id\": \"\", \"kind\": \"Dense\", \"inputs\": [\"in\"]}",
                "{\"id\": \"lonely\", \"kind\": \"Dense\"}",
                "{\"id\": \"sum\", \"kind\": \"Add\", \"inputs\": [\"in\"]}",
                "{\"id\": \"two\", \"kind\": \"Dense\", \"inputs\": [\"in\", \"sum\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"in\"], \"unitz\": 3}"));
        assertEquals(List.of(DiagnosticCode.MISSING_INPUT, DiagnosticCode.DUPLICATE_ID, DiagnosticCode.INVALID_ID,
                DiagnosticCode.MISSING_INPUT, DiagnosticCode.WRONG_INPUT_COUNT, DiagnosticCode.WRONG_INPUT_COUNT,
                DiagnosticCode.UNKNOWN_PARAMETER), codes(a));
        assertTrue(a.diagnostics().get(0).message().contains("Did you mean 'in'?"));
        Diagnostic unknown = a.diagnostics().get(6);
        assertEquals(Optional.of("unitz"), unknown.field());
        assertTrue(unknown.message().contains("Did you mean 'units'?"), unknown.message());
        assertEquals(8, a.nodes().size(), "a duplicated node still has a row");
    }

    @Test
    void aDeadEndIsReportedAtTheDeadEndOnly() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"unused\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"a\", \"kind\": \"Dense\", \"inputs\": [\"in\"], \"activation\": \"relu\"}",
                "{\"id\": \"b\", \"kind\": \"Dense\", \"inputs\": [\"a\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"in\"]}"));
        assertEquals(List.of(DiagnosticCode.DISCONNECTED, DiagnosticCode.DISCONNECTED), codes(a));
        assertEquals(Optional.of("unused"), a.diagnostics().get(0).node());
        assertEquals(Optional.of("b"), a.diagnostics().get(1).node());
        assertFalse(a.hasErrors());
    }

    @Test
    void outOfRangeParametersAreDiagnosticsNotCrashes() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 28, 28]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 0}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c\"]}",
                "{\"id\": \"dr\", \"kind\": \"Dropout\", \"inputs\": [\"f\"], \"rate\": 1.5}",
                "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"dr\"], \"units\": 1000000000000}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"d\"]}"));
        assertEquals(List.of(DiagnosticCode.PARAM_OUT_OF_RANGE, DiagnosticCode.PARAM_OUT_OF_RANGE,
                DiagnosticCode.PARAM_OUT_OF_RANGE), codes(a));
        assertEquals("Conv2D 'c': filters 0 is out of range: it must be between 1 and 65,536.", a.diagnostics().get(0).message());
        assertEquals("Dropout 'dr': rate 1.5 is out of range: it must be at least 0 and less than 1.", a.diagnostics().get(1).message());
        assertTrue(a.diagnostics().get(2).message().contains("units 1000000000000"));
    }

    @Test
    void wholeGraphProblems() {
        assertEquals(List.of(DiagnosticCode.EMPTY_GRAPH), codes(GraphAnalysis.analyze(Graph.empty("e"))));
        Analysis a = GraphAnalysis.analyze(nodes("{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": []}"));
        assertEquals(List.of(DiagnosticCode.MISSING_INPUT, DiagnosticCode.NO_INPUT_LAYER, DiagnosticCode.NO_OUTPUT_LAYER),
                codes(a));
    }

    @Test
    void lossAndActivationThatDoNotMatchWarn() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"in\"], \"activation\": \"relu\", \"loss\": \"mcxent\"}"));
        assertEquals(List.of(DiagnosticCode.LOSS_ACTIVATION_MISMATCH), codes(a));
        assertFalse(a.hasErrors());
    }

    @Test
    void aLossLayerPassesItsVectorThroughWithoutParametersAndChecksItsLoss() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 8, 8]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 5, \"kernel\": 1}",
                "{\"id\": \"g\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"c\"]}",
                "{\"id\": \"loss\", \"kind\": \"LossLayer\", \"inputs\": [\"g\"], \"activation\": \"identity\"}"));
        assertEquals(List.of(5L), shape(a, "loss"));
        assertEquals(new Cost(0, 0, 0), cost(a, "loss"));
        assertEquals(List.of(DiagnosticCode.LOSS_ACTIVATION_MISMATCH), codes(a));
        assertEquals(Optional.of("loss"), a.diagnostics().get(0).node());
        assertEquals("Set activation to softmax.", a.diagnostics().get(0).fixes().get(0));

        Analysis onImage = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 8, 8]}",
                "{\"id\": \"loss\", \"kind\": \"LossLayer\", \"inputs\": [\"in\"]}"));
        assertEquals(List.of(DiagnosticCode.WRONG_INPUT_KIND), codes(onImage));
        assertEquals(List.of("Add a Flatten or a GlobalAvgPool layer before it."), onImage.diagnostics().get(0).fixes());
    }

    @Test
    void hugeButInRangeLayersOverflowIntoADiagnostic() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1000000, 1000000, 1000000]}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"in\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}"));
        assertTrue(codes(a).contains(DiagnosticCode.VALUE_TOO_LARGE), codes(a).toString());
    }

    @Test
    void analysisIsDeterministic() {
        Graph g = TestGraphs.parse(TestGraphs.TINY);
        Analysis a = GraphAnalysis.analyze(g);
        Analysis b = GraphAnalysis.analyze(g);
        assertEquals(a.nodes(), b.nodes());
        assertEquals(a.diagnostics(), b.diagnostics());
        assertEquals(a.totals(), b.totals());
    }
}
