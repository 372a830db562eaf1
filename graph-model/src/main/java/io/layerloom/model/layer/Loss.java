package io.layerloom.model.layer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Loss functions of the output layers, with the names the JSON format uses. */
public enum Loss {
    /** Multi-class cross-entropy, meant for a softmax output. */
    MCXENT("mcxent", "softmax cross-entropy", ActivationFunction.SOFTMAX),
    /** Binary cross-entropy, meant for a sigmoid output. */
    XENT("xent", "sigmoid cross-entropy", ActivationFunction.SIGMOID),
    MSE("mse", "mean squared error", null),
    MAE("mae", "mean absolute error", null);

    private final String jsonName;
    private final String title;
    private final ActivationFunction expectedActivation;

    Loss(String jsonName, String title, ActivationFunction expectedActivation) {
        this.jsonName = jsonName;
        this.title = title;
        this.expectedActivation = expectedActivation;
    }

    public String jsonName() {
        return jsonName;
    }

    public String title() {
        return title;
    }

    /** The activation this loss is defined for, if it needs one. */
    public Optional<ActivationFunction> expectedActivation() {
        return Optional.ofNullable(expectedActivation);
    }

    public static Optional<Loss> fromJson(String name) {
        return Arrays.stream(values()).filter(l -> l.jsonName.equals(name)).findFirst();
    }

    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(Loss::jsonName).toList();
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
