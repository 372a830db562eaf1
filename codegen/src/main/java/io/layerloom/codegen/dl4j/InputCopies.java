package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;

/**
 * DL4J 1.0.0-M2.1 behaviour worked around: when not training, its ActivationLayer applies the
 * activation to its input array in place. When that array is the network's input, the caller's
 * array changes, and a layer that reads the same input after it (a convolution beside it) sees
 * activated values: the network's output was wrong when predicting and evaluating, though right
 * in training (found against ONNX Runtime). So an Activation that reads a network input first
 * copies it (a ScaleVertex by 1, exact in value and gradient), as does one after a Dropout of a
 * network input (a dropout passes its input's array on when not training). DL4J does not change
 * the outputs of other layers in place while another layer still reads them (checked with
 * Activation and Dropout beside convolutions, in either order): those are left as they are.
 */
final class InputCopies {

    /** Name suffix of the copy step. */
    static final String COPY_SUFFIX = "/copy";

    private InputCopies() {
    }

    /** {@code e}, the element of {@code node}, reading a copy of its input where it would change a network input in place. */
    static Dl4jElement copyWhereInPlace(Node node, Graph graph, List<TensorType> inputs, Dl4jElement e) {
        if (!(node.spec() instanceof LayerSpec.ActivationLayer) || !readsNetworkInput(graph, node.inputs().get(0))) {
            return e;
        }
        List<Dl4jElement.Step> steps = new ArrayList<>();
        steps.add(new Dl4jElement.Step(COPY_SUFFIX, Construction.of(ScaleVertex.class, Argument.of(1.0)),
                List.of(new Dl4jElement.Source.NodeInput(0)), inputs.get(0).dims()));
        for (Dl4jElement.Step st : e.steps()) {
            steps.add(new Dl4jElement.Step(st.suffix(), st.construction(), st.inputs().stream().map(InputCopies::shifted)
                    .toList(), st.dims()));
        }
        String why = "DL4J's ActivationLayer changes its input in place when predicting: the network's input is copied first.";
        return new Dl4jElement(steps, e.parameterStep() + 1, e.nInAfterBuild(), e.note().isEmpty() ? why
                : e.note() + " " + why);
    }

    /** Whether node {@code id}'s output is a network input's array: the input, or a dropout (which passes it on when not training) of one. */
    private static boolean readsNetworkInput(Graph graph, String id) {
        LayerSpec spec = graph.require(id).spec();
        return spec instanceof LayerSpec.Input
                || spec instanceof LayerSpec.Dropout && readsNetworkInput(graph, graph.require(id).inputs().get(0));
    }

    /** The node's inputs (it has one) are now the copy, step 0; the element's own steps move one on. */
    private static Dl4jElement.Source shifted(Dl4jElement.Source s) {
        if (s instanceof Dl4jElement.Source.StepOutput o) {
            return new Dl4jElement.Source.StepOutput(o.index() + 1);
        }
        return new Dl4jElement.Source.StepOutput(0);
    }
}
