package io.layerloom.model.layer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The activation functions a layer may apply, with the names the JSON format uses. */
public enum ActivationFunction {
    IDENTITY("identity", "x, unchanged"),
    RELU("relu", "max(0, x)"),
    RELU6("relu6", "min(6, max(0, x))"),
    LEAKYRELU("leakyrelu", "x, or 0.01 x below 0"),
    ELU("elu", "x, or exp(x) - 1 below 0"),
    SELU("selu", "the scaled ELU of self-normalising networks"),
    GELU("gelu", "DL4J's GELU, x * sigmoid(1.702 x)"),
    SWISH("swish", "x * sigmoid(x) (PyTorch's SiLU)"),
    SIGMOID("sigmoid", "1 / (1 + exp(-x))"),
    HARDSIGMOID("hardsigmoid", "DL4J's hard sigmoid, min(1, max(0, 0.2 x + 0.5)) (ONNX HardSigmoid's default slope)"),
    HARDSIGMOID_TORCH("hardsigmoid_torch", "PyTorch's Hardsigmoid, min(1, max(0, x / 6 + 1/2)) = relu6(x + 3) / 6: "
            + "a slope of 1/6, where `hardsigmoid` has 0.2"),
    HARDSWISH("hardswish", "x * hardsigmoid_torch(x) = x * relu6(x + 3) / 6 (PyTorch's Hardswish, MobileNet v3)"),
    TANH("tanh", "the hyperbolic tangent"),
    SOFTMAX("softmax", "exp(x) / sum(exp(x)) over the features"),
    SOFTPLUS("softplus", "log(1 + exp(x))");

    private final String jsonName;
    private final String meaning;

    ActivationFunction(String jsonName, String meaning) {
        this.jsonName = jsonName;
        this.meaning = meaning;
    }

    /** What it computes, for the format's documentation. */
    public String meaning() {
        return meaning;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Optional<ActivationFunction> fromJson(String name) {
        return Arrays.stream(values()).filter(a -> a.jsonName.equals(name)).findFirst();
    }

    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(ActivationFunction::jsonName).toList();
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
