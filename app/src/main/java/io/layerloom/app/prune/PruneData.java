package io.layerloom.app.prune;

import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.training.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The data a trained model is pruned, measured and fine-tuned on: the split its training used
 * (the seed its record names) with the fit and normalisation recorded with it, as
 * {@code layerloom evaluate} rebuilds its test set.
 *
 * @param split     every part, transformed as training transformed it
 * @param test      the test part (the validation part when the data has none)
 * @param testName  "test" or "validation"
 */
public record PruneData(String spec, long seed, DataTransform transform, DataSplit split, LoadedData test, String testName,
                        List<Long> inputShape) {

    /**
     * Loads {@code spec} (null: the data the model's record names) for a network whose Input is {@code inputShape}.
     *
     * @throws DataException the data cannot be read, or none is named; the message says what to give
     * @throws IOException   the model's record cannot be read
     */
    public static PruneData load(Path model, String spec, List<Long> inputShape) throws DataException, IOException {
        ModelFiles.Provenance provenance;
        try {
            provenance = ModelFiles.readProvenance(model).orElse(null);
        } catch (ModelFiles.MismatchedRecord e) {
            if (spec == null) {
                throw e;
            }
            provenance = e.provenance();
        }
        String data = spec != null ? spec : provenance != null ? provenance.data() : null;
        if (data == null) {
            throw new DataException("which data? Give --data NAME|PATH: the model " + model.getFileName()
                    + " has no record of its training data.");
        }
        long seed = provenance != null ? provenance.seed() : DataSources.Request.defaults().seed();
        DataTransform transform = provenance != null ? provenance.transform() : DataTransform.NONE;
        DataSources.Request request = DataSources.Request.defaults().withSeed(seed);
        if (inputShape.size() == 3) {
            request = request.withImageShape(inputShape);
        }
        DataSplit raw = DataSources.standard().resolve(data, request);
        DataSplit split = new DataSplit(transform.apply(raw.train(), inputShape), transform.apply(raw.validation(), inputShape),
                raw.test().map(t -> transform.apply(t, inputShape)));
        return new PruneData(data, seed, transform, split, split.test().orElse(split.validation()),
                split.test().isPresent() ? "test" : "validation", inputShape);
    }
}
