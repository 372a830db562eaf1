package io.layerloom.app.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a CSV file holds, from one streaming pass that reads the header and the label column and
 * keeps nothing but the distinct labels: the number of features and of classes, as
 * {@link CsvReader} will find them, so that a graph that does not fit the file is refused before
 * the file is loaded (every value parsed and kept). Empty whenever the file is not as CsvReader
 * expects (a row of another length, an empty label, a label column that does not exist, a single
 * class, more than {@link #MAX_CLASSES} labels): loading then says what is wrong and where.
 */
final class CsvHeader {

    /** More distinct labels than this and the column is not a class label: loading says so. */
    static final int MAX_CLASSES = 100_000;

    private CsvHeader() {
    }

    static Optional<DataHeader> read(Path file, CsvReader.Options options) {
        String fileName = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = nextLine(in, true);
            String second = first == null ? null : nextLine(in, false);
            if (first == null) {
                return Optional.empty();
            }
            char delimiter = CsvReader.sniff(first);
            List<String> firstFields = CsvReader.split(first, delimiter);
            int columns = firstFields.size();
            if (columns < 2) {
                return Optional.empty();
            }
            boolean header = second == null ? firstFields.stream().anyMatch(f -> !CsvReader.isNumber(f))
                    : CsvReader.hasHeader(firstFields, CsvReader.split(second, delimiter));
            List<String> names = new java.util.ArrayList<>();
            for (int c = 0; c < columns; c++) {
                names.add(header ? firstFields.get(c).trim() : "column " + c);
            }
            int label = CsvReader.labelColumn(fileName, options, names, header);
            Labels labels = new Labels();
            if (!header && !labels.add(CsvReader.split(first, delimiter), columns, label)) {
                return Optional.empty();
            }
            for (String line = second; line != null; line = nextLine(in, false)) {
                if (!labels.add(CsvReader.split(line, delimiter), columns, label)) {
                    return Optional.empty();
                }
            }
            int classes = labels.count();
            if (classes < 2) {
                return Optional.empty();
            }
            return Optional.of(new DataHeader(CsvReader.stripExtension(fileName), List.of((long) (columns - 1)), classes));
        } catch (IOException | DataException | RuntimeException e) {
            return Optional.empty(); // loading reads it again and says what is wrong
        }
    }

    /** The next line that is not blank, without a byte order mark on the file's first line; null at the end. */
    private static String nextLine(BufferedReader in, boolean first) throws IOException {
        for (String line; (line = in.readLine()) != null; first = false) {
            if (first && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    /** The distinct labels, counted as CsvReader counts classes: integers by value when every label is one. */
    private static final class Labels {
        private final Set<String> texts = new HashSet<>();
        private final Set<Long> integers = new HashSet<>();
        private boolean allIntegers = true;

        /** False when the row is not as CsvReader expects or the labels are too many to be classes. */
        boolean add(List<String> fields, int columns, int label) {
            if (fields.size() != columns) {
                return false;
            }
            String v = fields.get(label).trim();
            if (v.isEmpty()) {
                return false;
            }
            texts.add(v);
            if (allIntegers && CsvReader.isInteger(v)) {
                integers.add(Long.parseLong(v));
            } else {
                allIntegers = false;
            }
            return texts.size() <= MAX_CLASSES;
        }

        int count() {
            return allIntegers ? integers.size() : texts.size();
        }
    }
}
