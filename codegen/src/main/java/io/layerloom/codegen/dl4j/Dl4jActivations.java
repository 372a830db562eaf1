package io.layerloom.codegen.dl4j;

import io.layerloom.model.layer.ActivationFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.nd4j.linalg.activations.Activation;

/**
 * LayerLoom's activations in DL4J, for {@link Dl4jMapping}: DL4J's own where it has one, and
 * for the two it lacks (PyTorch's hard sigmoid and hard swish) exact compositions of DL4J parts.
 */
final class Dl4jActivations {

    private Dl4jActivations() {
    }

    static Activation of(ActivationFunction a) {
        return switch (a) {
            case IDENTITY -> Activation.IDENTITY;
            case RELU -> Activation.RELU;
            case RELU6 -> Activation.RELU6;
            case LEAKYRELU -> Activation.LEAKYRELU;
            case ELU -> Activation.ELU;
            case SELU -> Activation.SELU;
            case GELU -> Activation.GELU;
            case SWISH -> Activation.SWISH;
            case SIGMOID -> Activation.SIGMOID;
            case HARDSIGMOID -> Activation.HARDSIGMOID;
            case HARDSIGMOID_TORCH, HARDSWISH -> throw new IllegalStateException(a + " is composed of DL4J steps, "
                    + "not one DL4J activation (see Dl4jMapping.isComposed)");
            case TANH -> Activation.TANH;
            case SOFTMAX -> Activation.SOFTMAX;
            case SOFTPLUS -> Activation.SOFTPLUS;
        };
    }

    /**
     * An activation DL4J lacks, built exactly from parts it has. PyTorch's hard sigmoid
     * min(1, max(0, x/6 + 1/2)) is DL4J's min(1, max(0, 0.2 y + 0.5)) at y = x * 5/6 (0.2 * 5/6 =
     * 1/6): a ScaleVertex then an ActivationLayer. Hard swish is x times that, an
     * ElementWiseVertex product of the input and the hard sigmoid's output. {@code linear}, when
     * not null, is the layer before (with identity activation), which then holds the parameters
     * and whose output is x; without it x is the node's input.
     */
    static Dl4jElement composed(Construction linear, ActivationFunction a) {
        List<Dl4jElement.Step> steps = new ArrayList<>();
        Dl4jElement.Source x = new Dl4jElement.Source.NodeInputs();
        if (linear != null) {
            steps.add(new Dl4jElement.Step(Dl4jMapping.LINEAR_SUFFIX, linear, List.of(x), List.of()));
            x = new Dl4jElement.Source.StepOutput(0);
        }
        steps.add(new Dl4jElement.Step(Dl4jMapping.SCALED_SUFFIX, Construction.of(ScaleVertex.class,
                Argument.of(Dl4jMapping.TORCH_HARD_SIGMOID_SCALE)), List.of(x), List.of()));
        Construction hardSigmoid = Construction.builder(org.deeplearning4j.nn.conf.layers.ActivationLayer.class)
                .call("activation", Argument.of(Activation.HARDSIGMOID));
        Dl4jElement.Source scaled = new Dl4jElement.Source.StepOutput(steps.size() - 1);
        String note;
        if (a == ActivationFunction.HARDSIGMOID_TORCH) {
            steps.add(new Dl4jElement.Step("", hardSigmoid, List.of(scaled), List.of()));
            note = "DL4J has no hardsigmoid_torch: DL4J's hard sigmoid (slope 0.2) of x * 5/6 is x / 6 + 1/2, clipped.";
        } else {
            steps.add(new Dl4jElement.Step(Dl4jMapping.GATE_SUFFIX, hardSigmoid, List.of(scaled), List.of()));
            steps.add(new Dl4jElement.Step("", Construction.of(ElementWiseVertex.class,
                    Argument.of(ElementWiseVertex.Op.Product)), List.of(x, new Dl4jElement.Source.StepOutput(steps.size() - 1)),
                    List.of()));
            note = "DL4J has no hardswish: x times DL4J's hard sigmoid (slope 0.2) of x * 5/6, which is x / 6 + 1/2, "
                    + "clipped.";
        }
        // Without a layer before, nothing holds parameters: the last step stands for the node.
        return new Dl4jElement(steps, linear != null ? 0 : steps.size() - 1, OptionalLong.empty(), note);
    }

    /** Refuses a composed activation where it cannot follow the layer as steps (inside a recurrence, before a loss). */
    static void refuse(ActivationFunction a, String where, String fix) {
        if (Dl4jMapping.isComposed(a)) {
            throw new Dl4jMapping.Unsupported(a + " is not a DL4J activation; LayerLoom builds it from DL4J layers after a layer, "
                    + "which cannot be done " + where + ".", fix);
        }
    }
}
