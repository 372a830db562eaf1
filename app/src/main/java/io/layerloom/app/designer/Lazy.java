package io.layerloom.app.designer;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value made on first use and kept: the composition root's way to build a tab's view model
 * only when the tab is opened, and to ask later whether it was ever made. UI thread only.
 */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> make;
    private T value;

    Lazy(Supplier<T> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    @Override
    public T get() {
        if (value == null) {
            value = Objects.requireNonNull(make.get(), "made");
        }
        return value;
    }

    /** The value if it was made; never makes it. */
    Optional<T> made() {
        return Optional.ofNullable(value);
    }
}
