package io.layerloom.app.explain;

import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import java.util.List;

/**
 * The user's image as it looks, from what the network is given: when training normalised its
 * inputs (per channel {@code (x - mean) / std}, {@link DataTransform}), pictures undo it for
 * display only ({@code x * std + mean}), so that the input, the feature maps' input and the
 * Grad-CAM overlay show the image and not its normalised values clipped to [0, 1]; an image file
 * given to explain is fitted and normalised as training did before the network sees it (as predict does).
 */
public final class ShownInput {

    /** Inputs that were not normalised: shown as they are. */
    public static final ShownInput NONE = new ShownInput(DataTransform.NONE);

    private final DataTransform transform;

    public ShownInput(DataTransform transform) {
        this.transform = transform;
    }

    /** Whether the network's inputs are normalised (and pictures undo it). */
    public boolean normalizes() {
        return transform.normalizes();
    }

    /** A copy of one network input of {@code shape} ([channels, h, w]) in the image's own values, for display. */
    public float[] shown(float[] input, List<Long> shape) {
        float[] v = input.clone();
        if (!transform.normalizes()) {
            return v;
        }
        int channels = shape.size() == 3 ? Math.toIntExact(shape.get(0)) : 1;
        int plane = v.length / channels;
        for (int c = 0; c < channels; c++) {
            int k = transform.mean().size() == 1 ? 0 : c;
            float m = transform.mean().get(k).floatValue();
            float s = transform.std().get(k).floatValue();
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                v[i] = v[i] * s + m;
            }
        }
        return v;
    }

    /** Every example of {@code data} (network inputs) in the images' own values, for a gallery. */
    public LoadedData shown(LoadedData data) {
        if (!transform.normalizes()) {
            return data;
        }
        int size = Math.toIntExact(data.exampleSize());
        float[] all = new float[data.features().length];
        float[] one = new float[size];
        for (int i = 0; i < data.count(); i++) {
            System.arraycopy(data.features(), i * size, one, 0, size);
            System.arraycopy(shown(one, data.exampleShape()), 0, all, i * size, size);
        }
        return new LoadedData(data.name(), data.exampleShape(), data.classNames(), all, data.labels());
    }

    /**
     * An image file as the network is given it, as predict reads one: fitted to {@code shape} as
     * training fitted its images, then normalised.
     */
    public float[] forNetwork(java.nio.file.Path file, List<Long> shape) throws io.layerloom.app.data.DataException {
        float[] v = io.layerloom.app.data.ImageFolderReader.image(file, shape, transform.fit());
        transform.normalizeExamples(v, 1, shape);
        return v;
    }
}
