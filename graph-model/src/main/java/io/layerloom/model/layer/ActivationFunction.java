package io.layerloom.model.layer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The activation functions a layer may apply, with the names the JSON format uses. */
public enum ActivationFunction {
    IDENTITY("identity"),
    RELU("relu"),
    RELU6("relu6"),
    LEAKYRELU("leakyrelu"),
    ELU("elu"),
    SELU("selu"),
    GELU("gelu"),
    SWISH("swish"),
    SIGMOID("sigmoid"),
    HARDSIGMOID("hardsigmoid"),
    TANH("tanh"),
    SOFTMAX("softmax"),
    SOFTPLUS("softplus");

    private final String jsonName;

    ActivationFunction(String jsonName) {
        this.jsonName = jsonName;
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
