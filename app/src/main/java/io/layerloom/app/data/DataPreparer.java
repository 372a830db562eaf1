package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.training.DataPreparation.Fit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a loaded split fit the graph's Input as the training object says ({@link DataPreparation}):
 * the fit first, then the normalisation, its mean and standard deviation computed on the training
 * part only (validation and test see nothing of themselves). The result names the concrete
 * {@link DataTransform}, for the model's record.
 */
public final class DataPreparer {

    /** A split ready to feed, and what was done to it. */
    public record Prepared(DataSplit split, DataTransform transform) {
    }

    private DataPreparer() {
    }

    public static Prepared prepare(DataSplit raw, List<Long> inputShape, DataPreparation p) throws DataException {
        LoadedData train = raw.train();
        Optional<Fit> fit = p.fit();
        List<Long> shape = train.exampleShape();
        if (fit.isPresent() && !shape.equals(inputShape)) {
            Optional<String> problem = ImageFit.problem(fit.get(), train.name(), shape, inputShape);
            if (problem.isPresent()) {
                throw new DataException("training.fit: " + problem.get());
            }
        }
        int channels = channels(fit.isPresent() && inputShape.size() == 3 ? inputShape : shape);
        checkGiven(p, channels);
        DataTransform fitOnly = new DataTransform(fit, List.of(), List.of());
        LoadedData fitted = fitOnly.apply(train, inputShape);
        List<List<Double>> stats = p.normalization().mode() == DataPreparation.Normalization.Mode.AUTO
                ? stats(fitted, channels, fitted.count()) : List.of(List.of(), List.of());
        DataTransform t = DataTransform.of(p, stats);
        if (!t.normalizes() && (fit.isEmpty() || shape.equals(inputShape))) {
            return new Prepared(raw, t);
        }
        LoadedData normalisedTrain = new DataTransform(Optional.empty(), t.mean(), t.std()).apply(fitted, fitted.exampleShape());
        return new Prepared(new DataSplit(normalisedTrain, t.apply(raw.validation(), inputShape),
                raw.test().map(d -> t.apply(d, inputShape))), t);
    }

    /** The channels normalisation works on: an image's first dimension, else one for the whole vector. */
    public static int channels(List<Long> shape) {
        return shape.size() == 3 ? Math.toIntExact(shape.get(0)) : 1;
    }

    public static void checkGiven(DataPreparation p, int channels) throws DataException {
        int given = p.normalization().mean().size();
        if (p.normalization().mode() == DataPreparation.Normalization.Mode.GIVEN && given != 1 && given != channels) {
            throw new DataException("training.normalization: " + given + " mean and std values for " + channels + " channel"
                    + (channels == 1 ? "" : "s") + "; give one value per channel, or one for all.");
        }
    }

    /**
     * Each channel's mean and (population) standard deviation over the first {@code limit} examples,
     * in double precision; a constant channel gets a standard deviation of 1 (it carries no information).
     */
    public static List<List<Double>> stats(LoadedData data, int channels, int limit) {
        int n = Math.min(limit, data.count());
        int size = Math.toIntExact(data.exampleSize());
        int plane = size / channels;
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        float[] f = data.features();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int from = i * size + c * plane;
                for (int j = from; j < from + plane; j++) {
                    sum[c] += f[j];
                    sq[c] += (double) f[j] * f[j];
                }
            }
        }
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        double count = Math.max(1.0, (double) n * plane);
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            double s = Math.sqrt(Math.max(0, sq[c] / count - m * m));
            mean.add(m);
            std.add(s < 1e-12 ? 1.0 : s);
        }
        return List.of(mean, std);
    }
}
