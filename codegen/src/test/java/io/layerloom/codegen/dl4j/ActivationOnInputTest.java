package io.layerloom.codegen.dl4j;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An Activation that reads the network's input, beside a layer that reads it too: DL4J's
 * ActivationLayer activated the input array in place when predicting, so the layer beside it saw
 * activated values and the output was wrong (by up to 0.17 on a softmax, found against ONNX
 * Runtime), and the caller's array changed. {@link ArrayCopies} copies the input first. The
 * reference is DL4J's own training-mode forward pass, where ActivationLayer copies.
 */
class ActivationOnInputTest {

    private static Graph graph(String activation, boolean image) throws Exception {
        String input = image ? "[1, 8, 8]" : "[6]";
        String beside = image ? "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 2, \"kernel\": 3, "
                + "\"padding\": \"same\", \"activation\": \"identity\"}" : "{\"id\": \"c\", \"kind\": \"Dense\", \"inputs\": "
                + "[\"in\"], \"units\": 4, \"activation\": \"identity\"}";
        return GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"beside\", \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": " + input + "},"
                + "{\"id\": \"a\", \"kind\": \"Activation\", \"inputs\": [\"in\"], \"activation\": \"" + activation + "\"},"
                + beside + ", {\"id\": \"m\", \"kind\": \"Concat\", \"inputs\": [\"a\", \"c\"]},"
                + (image ? "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"m\"]}," : "")
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"" + (image ? "f" : "m") + "\"], \"units\": 3, "
                + "\"activation\": \"softmax\", \"loss\": \"mcxent\"}]}", "beside.json");
    }

    @ParameterizedTest(name = "{0} on an input of images {1}")
    @CsvSource({"relu, true", "tanh, true", "tanh, false", "sigmoid, false", "hardswish, true"})
    void predictingGivesTheTrainingPassOutputAndLeavesTheInput(String activation, boolean image) throws Exception {
        Graph g = graph(activation, image);
        ComputationGraph net = Dl4jOracle.check(g, true);
        INDArray[] in = Dl4jOracle.inputs(g, Dl4jCompiler.compile(g), 9);
        in[0].subi(0.5);
        INDArray before = in[0].dup();
        INDArray reference = net.feedForward(new INDArray[]{in[0].dup()}, true).get("out").dup();
        INDArray predicted = net.output(in)[0];
        assertEquals(before, in[0], "the caller's input array");
        assertEquals(0, reference.sub(predicted).amaxNumber().doubleValue(), 1e-6, "the output against the training pass");
    }
}
