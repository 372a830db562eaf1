package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;

/**
 * DL4J 1.0.0-M2.1 behaviour worked around: its Cropping2D returns a strided view of its input
 * (an offset into the array before it), and a dropout or activation layer after it passes that
 * view on when not training. ND4J then slices such a view's channels wrongly when the slice does
 * not start at channel 0: the SubsetVertex of a channel split or shuffle gets an array without
 * data, and the network fails in training and in {@code feedForward} ("Length must be >= 1"),
 * though {@code output()} happens to copy first. So a split or shuffle whose input may be such a
 * view first copies it (a ScaleVertex by 1, exact in value and gradient), and slices the copy.
 * Everywhere else the element is unchanged.
 */
final class CroppedInputs {

    /** Name suffix of the copy step. */
    static final String COPY_SUFFIX = "/copy";

    private CroppedInputs() {
    }

    /** {@code e}, the element of {@code node}, reading a copy of its input where that input may be a cropped view. */
    static Dl4jElement copyWhereCropped(Node node, Graph graph, List<TensorType> inputs, Dl4jElement e) {
        boolean slices = node.spec() instanceof LayerSpec.ChannelSplit || node.spec() instanceof LayerSpec.ChannelShuffle;
        if (!slices || !mayBeCroppedView(graph, node.inputs().get(0))) {
            return e;
        }
        List<Dl4jElement.Step> steps = new ArrayList<>();
        steps.add(new Dl4jElement.Step(COPY_SUFFIX, Construction.of(ScaleVertex.class, Argument.of(1.0)),
                List.of(new Dl4jElement.Source.NodeInput(0)), inputs.get(0).dims()));
        for (Dl4jElement.Step st : e.steps()) {
            steps.add(new Dl4jElement.Step(st.suffix(), st.construction(), st.inputs().stream().map(CroppedInputs::shifted)
                    .toList(), st.dims()));
        }
        String why = "DL4J's Cropping2D returns a view that ND4J slices wrongly past channel 0: its input is copied first.";
        return new Dl4jElement(steps, e.parameterStep() + 1, e.nInAfterBuild(), e.note().isEmpty() ? why
                : e.note() + " " + why);
    }

    private static Dl4jElement.Source shifted(Dl4jElement.Source s) {
        if (s instanceof Dl4jElement.Source.StepOutput o) {
            return new Dl4jElement.Source.StepOutput(o.index() + 1);
        }
        return new Dl4jElement.Source.StepOutput(0);
    }

    /** Whether DL4J may give node {@code id}'s output as a cropping's view: a Cropping2D, or a dropout or activation after one. */
    private static boolean mayBeCroppedView(Graph graph, String id) {
        LayerSpec spec = graph.require(id).spec();
        if (spec instanceof LayerSpec.Cropping2D) {
            return true;
        }
        boolean passesOn = spec instanceof LayerSpec.Dropout || spec instanceof LayerSpec.ActivationLayer;
        return passesOn && mayBeCroppedView(graph, graph.require(id).inputs().get(0));
    }
}
