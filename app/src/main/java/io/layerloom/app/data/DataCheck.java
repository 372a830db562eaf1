package io.layerloom.app.data;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks data against the graph before training starts, with a message that says how to fix it. */
public final class DataCheck {

    private DataCheck() {
    }

    /**
     * The first mismatch between the graph's Input shape / Output units and the data, if any.
     * A flat Input of c*h*w values accepts images (they are fed flattened).
     */
    public static Optional<String> against(List<Long> inputShape, long outputUnits, LoadedData data) {
        List<Long> shape = data.exampleShape();
        boolean flatOk = inputShape.size() == 1 && inputShape.get(0) == data.exampleSize();
        if (!inputShape.equals(shape) && !flatOk) {
            return Optional.of(inputText(inputShape) + " but " + data.name() + " " + dataText(shape)
                    + "; set Input shape to " + shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]")));
        }
        if (outputUnits != data.numClasses()) {
            return Optional.of("Output has " + outputUnits + " unit" + (outputUnits == 1 ? "" : "s") + " but " + data.name()
                    + " has " + data.numClasses() + " classes; set units to " + data.numClasses());
        }
        return Optional.empty();
    }

    private static String inputText(List<Long> shape) {
        return shape.size() == 1 ? "Input is a vector of " + shape.get(0) : "Input is " + dims(shape);
    }

    private static String dataText(List<Long> shape) {
        if (shape.size() == 3) {
            return "images are " + dims(shape);
        }
        return shape.size() == 1 ? "examples are vectors of " + shape.get(0) : "examples are " + dims(shape);
    }

    private static String dims(List<Long> shape) {
        return shape.stream().map(String::valueOf).collect(Collectors.joining("x"));
    }
}
