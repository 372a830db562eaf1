package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;

/**
 * Copies where DL4J 1.0.0-M2.1 would let a layer change, in place, an array that is not its own:
 * each a ScaleVertex by 1, exact in value and gradient (docs/dl4j.md says what each one fixed).
 * <ul>
 *   <li>A Cropping2D's output: DL4J's Cropping2D returns a view into the array before it, while
 *       DL4J's graph treats every layer's output as an array of its own. A Dropout after it dropped
 *       values of that array in place while training, an Activation after it activated them in
 *       place when predicting (the network's input itself, when the cropping read it), and ND4J
 *       slices such a view's channels past channel 0 into an array without data (a channel split
 *       or shuffle after a cropping failed).</li>
 *   <li>The input of an Activation that reads a network input (directly, or through a Dropout,
 *       which passes its input's array on when not training): when not training DL4J's
 *       ActivationLayer applies the activation to its input array in place, so the caller's
 *       array changed and a layer reading the same input after it saw activated values (the
 *       output was wrong when predicting and evaluating; found against ONNX Runtime). DL4J does
 *       not change the outputs of other layers in place while another layer still reads them
 *       (checked with Activation and Dropout beside convolutions, in either order).</li>
 * </ul>
 */
final class ArrayCopies {

    /** Name suffix of the copy step before an Activation that reads a network input. */
    static final String COPY_SUFFIX = "/copy";

    /** Name suffix of a cropping's DL4J layer, before the copy that is named by the node. */
    public static final String CROP_SUFFIX = "/crop";

    private ArrayCopies() {
    }

    /** DL4J's Cropping2D ({@link #CROP_SUFFIX}), then a copy of its output named by the node. */
    static Dl4jElement cropping(LayerSpec.Cropping2D s) {
        var c = s.cropping();
        return Dl4jElement.chain("DL4J's Cropping2D returns a view into the array before it, which the layers after "
                        + "it may change in place: its output is copied.", 0, List.of(CROP_SUFFIX),
                List.of(Construction.of(Cropping2D.class, Argument.of(c.top()), Argument.of(c.bottom()),
                        Argument.of(c.left()), Argument.of(c.right())), Construction.of(ScaleVertex.class, Argument.of(1.0))));
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
            steps.add(new Dl4jElement.Step(st.suffix(), st.construction(), st.inputs().stream().map(ArrayCopies::shifted)
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
