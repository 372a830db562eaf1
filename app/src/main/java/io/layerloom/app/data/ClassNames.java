package io.layerloom.app.data;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names of a data source's classes, found without loading its examples, so that {@code layerloom
 * predict} can say "Sneaker" where the network says class 7. The answer for each source is the one
 * {@link DataSources#resolve} gives its {@link LoadedData#classNames()}: Fashion-MNIST's ten names,
 * the digits, the irises, an image folder's sorted sub-folders, an IDX folder's names by its path.
 * Synthetic data and CSV files have no names worth reading the file for: empty, and the caller
 * prints class indices.
 */
public final class ClassNames {

    private ClassNames() {
    }

    /**
     * The class names of the source {@code spec} (what was given to {@code --data}); a relative
     * path is looked up from the working folder, then from {@code base} (the graph's folder).
     */
    public static Optional<List<String>> of(String spec, Path base) {
        String lower = spec.trim().toLowerCase(Locale.ROOT);
        if (lower.equals(DataSources.FASHION_SUBSET) || lower.equals(DataSources.FASHION)) {
            return Optional.of(ShippedData.FASHION_CLASSES);
        }
        if (lower.equals(DataSources.DIGITS)) {
            return Optional.of(ShippedData.DIGIT_CLASSES);
        }
        if (lower.equals(DataSources.IRIS)) {
            return Optional.of(ShippedData.iris().classNames());
        }
        return folder(spec.trim(), base).flatMap(ClassNames::ofFolder);
    }

    private static Optional<List<String>> ofFolder(Path dir) {
        if (ShippedData.isIdxFolder(dir)) {
            return Optional.of(ShippedData.idxClassNames(dir));
        }
        try {
            List<String> names = ImageFolderReader.classNames(dir);
            return names.size() >= 2 ? Optional.of(names) : Optional.empty();
        } catch (DataException e) {
            return Optional.empty(); // the folder went away since training: fall back to class indices
        }
    }

    private static Optional<Path> folder(String spec, Path base) {
        try {
            Path p = Path.of(spec);
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
            if (!p.isAbsolute() && base != null && Files.isDirectory(base.resolve(p))) {
                return Optional.of(base.resolve(p));
            }
        } catch (InvalidPathException e) {
            // not a path at all (a name LayerLoom does not know): no names
        }
        return Optional.empty();
    }
}
