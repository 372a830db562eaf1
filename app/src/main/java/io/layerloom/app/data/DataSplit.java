package io.layerloom.app.data;

import java.util.Objects;
import java.util.Optional;

/** The parts a training run uses: train, validation (may be empty) and a test set where the source has one. */
public record DataSplit(LoadedData train, LoadedData validation, Optional<LoadedData> test) {

    public DataSplit {
        Objects.requireNonNull(train);
        Objects.requireNonNull(validation);
        Objects.requireNonNull(test);
    }
}
