package io.layerloom.app.explain;

import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.training.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The test images explain takes --index and --misclassified from (and the window its images and
 * gallery, for a saved model): evaluate's test split, transformed (fit, normalisation) as the
 * model's record says training transformed it.
 */
public final class ExplainData {

    /** The data cannot be found or read; the message says what to give. */
    public static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ExplainData() {
    }

    /**
     * The test split (the validation split when the data has none) of {@code data}, or of the data
     * the model's record names, split with the record's seed as training split it.
     */
    public static LoadedData test(Path modelFile, String data, List<Long> inputShape) throws Problem {
        ModelFiles.Provenance provenance;
        try {
            provenance = ModelFiles.readProvenance(modelFile).orElse(null);
        } catch (IOException e) {
            if (data == null) {
                throw new Problem(e.getMessage(), e);
            }
            provenance = null;
        }
        String spec = data != null ? data : provenance != null ? provenance.data() : null;
        if (spec == null) {
            throw new Problem("which data? Give --data NAME|PATH (the model has no record of its training data): --index and "
                    + "--misclassified take the test images from it.", null);
        }
        long seed = provenance != null ? provenance.seed() : DataSources.Request.defaults().seed();
        try {
            DataSplit split = DataSources.standard().resolve(spec,
                    DataSources.Request.defaults().withSeed(seed).withImageShape(inputShape));
            LoadedData test = split.test().orElse(split.validation());
            return provenance != null ? provenance.transform().apply(test, inputShape) : test;
        } catch (DataException e) {
            throw new Problem(e.getMessage(), e);
        }
    }

    /**
     * What training did to the images of the model saved in {@code modelFile}, from its record;
     * none when it has no record or the record cannot be read (explain then shows the values as they are).
     */
    public static io.layerloom.app.data.DataTransform transform(Path modelFile) {
        try {
            return ModelFiles.readProvenance(modelFile).map(ModelFiles.Provenance::transform)
                    .orElse(io.layerloom.app.data.DataTransform.NONE);
        } catch (IOException e) {
            return io.layerloom.app.data.DataTransform.NONE;
        }
    }
}
