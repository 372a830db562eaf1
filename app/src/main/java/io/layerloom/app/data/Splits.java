package io.layerloom.app.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic, seeded, per-class (stratified) splits, and standardisation fitted on a training part. */
public final class Splits {

    private Splits() {
    }

    /** {@code [kept, heldOut]}: about {@code fraction} of each class held out, chosen by {@code seed}; original order kept. */
    public static LoadedData[] holdOut(LoadedData data, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("hold-out fraction must be in [0, 1): " + fraction);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.count(); i++) {
            byClass.get(data.labels()[i]).add(i);
        }
        boolean[] held = new boolean[data.count()];
        int[] quota = quotas(byClass, data.count(), fraction);
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < byClass.size(); c++) {
            int[] idx = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            shuffle(idx, random);
            int n = quota[c];
            for (int i = 0; i < n; i++) {
                held[idx[i]] = true;
            }
        }
        int heldCount = 0;
        for (boolean h : held) {
            heldCount += h ? 1 : 0;
        }
        int[] kept = new int[data.count() - heldCount];
        int[] out = new int[heldCount];
        for (int i = 0, k = 0, o = 0; i < data.count(); i++) {
            if (held[i]) {
                out[o++] = i;
            } else {
                kept[k++] = i;
            }
        }
        return new LoadedData[] {data.select(kept), data.select(out)};
    }

    /** Per-class hold-out sizes summing to round(total * fraction): floors, then the largest remainders. */
    private static int[] quotas(List<List<Integer>> byClass, int total, double fraction) {
        int[] quota = new int[byClass.size()];
        double[] rest = new double[byClass.size()];
        int sum = 0;
        for (int c = 0; c < quota.length; c++) {
            double exact = byClass.get(c).size() * fraction;
            quota[c] = (int) Math.floor(exact);
            rest[c] = exact - quota[c];
            sum += quota[c];
        }
        for (int missing = (int) Math.round(total * fraction) - sum; missing > 0; missing--) {
            int best = -1;
            for (int c = 0; c < quota.length; c++) {
                if (quota[c] < byClass.get(c).size() && (best < 0 || rest[c] > rest[best])) {
                    best = c;
                }
            }
            if (best < 0) {
                break;
            }
            quota[best]++;
            rest[best] = -1;
        }
        return quota;
    }

    /** Train/validation split of {@code data}, with {@code test} as the test set (if any). */
    public static DataSplit split(LoadedData data, double validationFraction, long seed, LoadedData test) {
        LoadedData[] parts = holdOut(data, validationFraction, seed);
        return new DataSplit(parts[0], parts[1], java.util.Optional.ofNullable(test));
    }

    /**
     * Standardises vector features (mean 0, standard deviation 1 per feature) with statistics of
     * the training part only, so validation and test see no information from themselves.
     */
    public static DataSplit standardise(DataSplit split) {
        LoadedData train = split.train();
        int n = Math.toIntExact(train.exampleSize());
        double[] mean = new double[n];
        double[] std = new double[n];
        float[] f = train.features();
        for (int i = 0; i < train.count(); i++) {
            for (int j = 0; j < n; j++) {
                mean[j] += f[i * n + j];
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= Math.max(1, train.count());
        }
        for (int i = 0; i < train.count(); i++) {
            for (int j = 0; j < n; j++) {
                double d = f[i * n + j] - mean[j];
                std[j] += d * d;
            }
        }
        for (int j = 0; j < n; j++) {
            std[j] = Math.sqrt(std[j] / Math.max(1, train.count()));
            // a constant feature carries no information; leave it at 0 instead of dividing by 0
            if (std[j] < 1e-12) {
                std[j] = 1;
            }
        }
        return new DataSplit(apply(train, mean, std), apply(split.validation(), mean, std),
                split.test().map(t -> apply(t, mean, std)));
    }

    private static LoadedData apply(LoadedData data, double[] mean, double[] std) {
        int n = mean.length;
        float[] in = data.features();
        float[] out = Arrays.copyOf(in, in.length);
        for (int i = 0; i < data.count(); i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = (float) ((in[i * n + j] - mean[j]) / std[j]);
            }
        }
        return data.withFeatures(out);
    }

    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
