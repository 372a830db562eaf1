package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.training.DataPreparation.Fit;
import java.util.List;
import java.util.Optional;

/**
 * What training did to each example after its source decoded it: the fit to the Input's shape,
 * then per channel {@code (x - mean[c]) / std[c]} (no means: none). Recorded with the trained
 * model so that evaluate and predict transform their data the same way.
 */
public record DataTransform(Optional<Fit> fit, List<Double> mean, List<Double> std) {

    public static final DataTransform NONE = new DataTransform(Optional.empty(), List.of(), List.of());

    public DataTransform {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != std.size()) {
            throw new IllegalArgumentException("as many means as standard deviations: " + mean + ", " + std);
        }
    }

    public boolean normalizes() {
        return !mean.isEmpty();
    }

    /** The file's preparation made concrete: AUTO resolved to {@code stats} (mean, std per channel), computed on the training split. */
    public static DataTransform of(DataPreparation p, List<List<Double>> stats) {
        return switch (p.normalization().mode()) {
            case NONE -> new DataTransform(p.fit(), List.of(), List.of());
            case AUTO -> new DataTransform(p.fit(), stats.get(0), stats.get(1));
            case GIVEN -> new DataTransform(p.fit(), p.normalization().mean(), p.normalization().std());
        };
    }

    /**
     * One example of shape {@code from} as training fed it for an Input of {@code to}: fitted when
     * the shapes differ and a fit is set, then normalised. Without a fit the shapes must agree in size.
     */
    public float[] apply(float[] example, List<Long> from, List<Long> to) {
        float[] fitted = fit.isPresent() && from.size() == 3 && to.size() == 3 && !from.equals(to)
                ? ImageFit.apply(fit.get(), example, from, to) : example.clone();
        normalize(fitted, to.size() == 3 ? Math.toIntExact(to.get(0)) : 1);
        return fitted;
    }

    /** Normalises values of {@code channels} planes in place (one mean for all when one is given). */
    void normalize(float[] values, int channels) {
        if (mean.isEmpty()) {
            return;
        }
        int plane = values.length / channels;
        for (int c = 0; c < channels; c++) {
            int k = mean.size() == 1 ? 0 : c;
            float m = mean.get(k).floatValue();
            float s = std.get(k).floatValue();
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                values[i] = (values[i] - m) / s;
            }
        }
    }

    /** {@code count} examples of {@code shape}, one after the other, normalised in place (an array given to predict). */
    public void normalizeExamples(float[] values, int count, List<Long> shape) {
        if (mean.isEmpty() || count == 0) {
            return;
        }
        int size = values.length / count;
        int channels = shape.size() == 3 ? Math.toIntExact(shape.get(0)) : 1;
        float[] one = new float[size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(values, i * size, one, 0, size);
            normalize(one, channels);
            System.arraycopy(one, 0, values, i * size, size);
        }
    }

    /** Every example of {@code data} transformed for an Input of {@code to}. */
    public LoadedData apply(LoadedData data, List<Long> to) {
        boolean fits = fit.isPresent() && data.exampleShape().size() == 3 && to.size() == 3 && !data.exampleShape().equals(to);
        if (!fits && mean.isEmpty()) {
            return data;
        }
        List<Long> shape = fits ? to : data.exampleShape();
        int in = Math.toIntExact(data.exampleSize());
        int out = Math.toIntExact(shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact));
        float[] features = new float[Math.multiplyExact(out, data.count())];
        int channels = shape.size() == 3 ? Math.toIntExact(shape.get(0)) : 1;
        float[] example = new float[in];
        for (int i = 0; i < data.count(); i++) {
            System.arraycopy(data.features(), i * in, example, 0, in);
            float[] t = fits ? ImageFit.apply(fit.get(), example, data.exampleShape(), to) : example.clone();
            normalize(t, channels);
            System.arraycopy(t, 0, features, i * out, out);
        }
        return new LoadedData(data.name(), shape, data.classNames(), features, data.labels());
    }
}
