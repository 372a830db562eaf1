package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks data against the graph before training starts, with a message that says how to fix it. */
public final class DataCheck {

    private DataCheck() {
    }

    /**
     * The first mismatch between the graph's Input shape / Output units and the data, if any, as
     * one message: what differs and how to fix it.
     * A flat Input of c*h*w values accepts images (they are fed flattened).
     */
    public static Optional<String> against(List<Long> inputShape, long outputUnits, LoadedData data) {
        return mismatch(inputShape, outputUnits, data).map(Mismatch::message);
    }

    /** The same mismatch with its parts: what differs, and the one setting that fixes it. */
    public static Optional<Mismatch> mismatch(List<Long> inputShape, long outputUnits, LoadedData data) {
        return mismatch(inputShape, outputUnits, new DataHeader(data.name(), data.exampleShape(), data.numClasses()));
    }

    /** The same check from the data's header alone ({@link DataSources#header}), before loading it. */
    public static Optional<String> against(List<Long> inputShape, long outputUnits, DataHeader data) {
        return mismatch(inputShape, outputUnits, data).map(Mismatch::message);
    }

    /**
     * The same check with the training object's fit: images it can fit to the Input pass as the
     * Input's shape; a fit that cannot (pad on larger images) is the mismatch, named as the field.
     */
    public static Optional<String> against(List<Long> inputShape, long outputUnits, DataHeader data,
                                           Optional<DataPreparation.Fit> fit) {
        if (fit.isPresent() && !data.exampleShape().equals(inputShape)) {
            Optional<String> problem = ImageFit.problem(fit.get(), data.name(), data.exampleShape(), inputShape);
            if (problem.isPresent()) {
                return Optional.of("training.fit: " + problem.get());
            }
            return against(inputShape, outputUnits, new DataHeader(data.name(), inputShape, data.numClasses()));
        }
        return against(inputShape, outputUnits, data);
    }

    private static Optional<Mismatch> mismatch(List<Long> inputShape, long outputUnits, DataHeader data) {
        List<Long> shape = data.exampleShape();
        long exampleSize = shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
        boolean flatOk = inputShape.size() == 1 && inputShape.get(0) == exampleSize;
        if (!inputShape.equals(shape) && !flatOk) {
            List<DataPreparation.Fit> fits = inputShape.size() == 3 && shape.size() == 3 ? ImageFit.possible(shape, inputShape)
                    : List.of();
            return Optional.of(new Mismatch.InputShape(inputText(inputShape) + " but " + data.name() + " " + dataText(shape),
                    List.copyOf(shape), fits));
        }
        if (outputUnits != data.numClasses()) {
            return Optional.of(new Mismatch.OutputUnits("Output has " + outputUnits + " unit" + (outputUnits == 1 ? "" : "s")
                    + " but " + data.name() + " has " + data.numClasses() + " classes", data.numClasses()));
        }
        return Optional.empty();
    }

    /** Data that does not fit the graph: {@link #problem} says what differs, {@link #fix} what to set. */
    public sealed interface Mismatch {

        String problem();

        /** "set units to 10": the setting that makes the graph fit the data. */
        String fix();

        default String message() {
            return problem() + "; " + fix();
        }

        /**
         * The Input layer's shape should be {@code shape}, or the images fitted to the Input by one of
         * {@code fits} (the training object's "fit", {@code --fit}).
         */
        record InputShape(String problem, List<Long> shape, List<DataPreparation.Fit> fits) implements Mismatch {
            public InputShape {
                fits = List.copyOf(fits);
            }

            @Override
            public String fix() {
                return "set Input shape to " + shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
            }

            @Override
            public String message() {
                if (fits.isEmpty()) {
                    return Mismatch.super.message();
                }
                return problem + "; fit the images to the Input with --fit "
                        + fits.stream().map(ImageFit::name).collect(Collectors.joining("|"))
                        + " (\"fit\" in the training object), or " + fix();
            }
        }

        /** The output layer should have {@code units} units, one per class. */
        record OutputUnits(String problem, long units) implements Mismatch {
            @Override
            public String fix() {
                return "set units to " + units;
            }
        }
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
