package io.layerloom.app.designer.viewmodel;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An entry of the data set chooser. {@code source} is what {@link io.layerloom.app.data.DataSources}
 * resolves (a name or a path); the CSV and folder entries without a source ask the user for one.
 */
public record DataChoice(String label, Kind kind, String source, Optional<String> labelColumn) {

    public enum Kind {
        /** A named set or an already chosen file or folder. */
        SOURCE,
        /** Synthetic images shaped like the graph's Input, one class per Output unit. */
        SYNTHETIC,
        /** "CSV file...": the view asks for a file and its label column. */
        ASK_CSV,
        /** "Image folder...": the view asks for a folder. */
        ASK_FOLDER
    }

    public static DataChoice named(String label, String source) {
        return new DataChoice(label, Kind.SOURCE, source, Optional.empty());
    }

    public static DataChoice csv(Path file, Optional<String> labelColumn) {
        return new DataChoice(file.getFileName() + labelColumn.map(c -> " (label: " + c + ")").orElse(""), Kind.SOURCE,
                file.toString(), labelColumn);
    }

    public static DataChoice folder(Path dir) {
        return new DataChoice(dir.getFileName() + "/", Kind.SOURCE, dir.toString(), Optional.empty());
    }

    @Override
    public String toString() {
        return label;
    }
}
