package io.layerloom.app.data;

import io.layerloom.model.util.Suggest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads a user's CSV file into vectors: one row per example, every column a number except the
 * label column. The header is detected (a first row with text where the second row has numbers),
 * the delimiter sniffed (comma, semicolon or tab). Labels may be integers (classes in numeric
 * order) or text (classes in sorted order, so the same file always gives the same class indices).
 * Values are returned as they are; standardisation is fitted on the training part later
 * ({@link Splits#standardise}).
 */
public final class CsvReader {

    /** The label column: by header name or 0-based index; empty means the last column. */
    public record Options(Optional<String> labelColumn) {

        public static Options lastColumn() {
            return new Options(Optional.empty());
        }

        public static Options label(String nameOrIndex) {
            return new Options(Optional.of(nameOrIndex));
        }
    }

    /** The data and what the header called its columns (generated "column N" names without a header). */
    public record Table(LoadedData data, List<String> featureNames, String labelName, boolean hadHeader) {
    }

    private CsvReader() {
    }

    public static Table read(Path file, Options options) throws DataException {
        String name = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(name, stripExtension(name), in, options);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** {@code fileName} appears in messages; {@code dataName} names the data ("iris"). */
    public static Table read(String fileName, String dataName, Reader reader, Options options)
            throws DataException, IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<String> lines = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null;) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!line.isBlank()) {
                lines.add(line);
                lineNumbers.add(lineNo);
            }
        }
        if (lines.isEmpty()) {
            throw new DataException(fileName + ": the file is empty; expected rows of numbers with a label column");
        }
        char delimiter = sniff(lines.get(0));
        List<String> first = split(lines.get(0), delimiter);
        if (first.size() < 2) {
            throw new DataException(fileName + ":" + lineNumbers.get(0) + ": only one column; expected features and a label"
                    + " separated by commas, semicolons or tabs");
        }
        boolean header = lines.size() == 1 ? first.stream().anyMatch(f -> !isNumber(f))
                : hasHeader(first, split(lines.get(1), delimiter));
        int columns = first.size();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            names.add(header ? first.get(c).trim() : "column " + c);
        }
        int label = labelColumn(fileName, options, names, header);
        int start = header ? 1 : 0;
        if (lines.size() == start) {
            throw new DataException(fileName + ": only a header line, no data rows");
        }
        int rows = lines.size() - start;
        float[] features = new float[rows * (columns - 1)];
        String[] rawLabels = new String[rows];
        for (int r = 0; r < rows; r++) {
            int fileLine = lineNumbers.get(r + start);
            List<String> fields = split(lines.get(r + start), delimiter);
            if (fields.size() != columns) {
                throw new DataException(fileName + ":" + fileLine + ": " + fields.size() + " values, expected " + columns
                        + " like line " + lineNumbers.get(0) + (header ? " (the header)" : ""));
            }
            for (int c = 0, f = 0; c < columns; c++) {
                String v = fields.get(c).trim();
                if (c == label) {
                    if (v.isEmpty()) {
                        throw new DataException(fileName + ":" + fileLine + ": " + describe(c, names, header) + " (the label) is empty");
                    }
                    rawLabels[r] = v;
                    continue;
                }
                if (v.isEmpty()) {
                    throw new DataException(fileName + ":" + fileLine + ": " + describe(c, names, header) + " is empty");
                }
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new DataException(fileName + ":" + fileLine + ": " + describe(c, names, header)
                            + " is not a number: '" + v + "'");
                }
                if (!Double.isFinite(d)) {
                    throw new DataException(fileName + ":" + fileLine + ": " + describe(c, names, header)
                            + " is not a finite number: '" + v + "'");
                }
                features[r * (columns - 1) + f++] = (float) d;
            }
        }
        List<String> classNames = classNames(rawLabels);
        if (classNames.size() < 2) {
            throw new DataException(fileName + ": every row has the label '" + rawLabels[0] + "' in "
                    + describe(label, names, header) + "; a classifier needs at least 2 classes."
                    + " Choose another label column?");
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            index.put(classNames.get(i), i);
        }
        boolean integers = allIntegers(rawLabels);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = index.get(integers ? Long.toString(Long.parseLong(rawLabels[r])) : rawLabels[r]);
        }
        List<String> featureNames = new ArrayList<>(names);
        featureNames.remove(label);
        LoadedData data = new LoadedData(dataName, List.of((long) (columns - 1)), classNames, features, labels);
        return new Table(data, featureNames, names.get(label), header);
    }

    static int labelColumn(String fileName, Options options, List<String> names, boolean header)
            throws DataException {
        if (options.labelColumn().isEmpty()) {
            return names.size() - 1;
        }
        String wanted = options.labelColumn().get().trim();
        if (header) {
            for (int c = 0; c < names.size(); c++) {
                if (names.get(c).equals(wanted)) {
                    return c;
                }
            }
            for (int c = 0; c < names.size(); c++) {
                if (names.get(c).equalsIgnoreCase(wanted)) {
                    return c;
                }
            }
        }
        if (wanted.matches("\\d+")) {
            int c = Integer.parseInt(wanted);
            if (c >= names.size()) {
                throw new DataException(fileName + ": label column " + c + " does not exist; the file has " + names.size()
                        + " columns, 0.." + (names.size() - 1));
            }
            return c;
        }
        if (!header) {
            throw new DataException(fileName + ": no header line, so the label column '" + wanted
                    + "' must be given as a 0-based index (0.." + (names.size() - 1) + ")");
        }
        throw new DataException(fileName + ": no column named '" + wanted + "'." + Suggest.didYouMean(wanted, names)
                + " Columns: " + String.join(", ", names));
    }

    private static String describe(int c, List<String> names, boolean header) {
        return header ? "column " + c + " '" + names.get(c) + "'" : "column " + c;
    }

    private static List<String> classNames(String[] raw) {
        if (allIntegers(raw)) {
            TreeSet<Long> values = new TreeSet<>();
            for (String s : raw) {
                values.add(Long.parseLong(s));
            }
            return values.stream().map(String::valueOf).toList();
        }
        return List.copyOf(new TreeSet<>(List.of(raw)));
    }

    private static boolean allIntegers(String[] raw) {
        for (String s : raw) {
            if (!isInteger(s)) {
                return false;
            }
        }
        return true;
    }

    /** A label read as an integer class ("07" and "7" are one class). */
    static boolean isInteger(String label) {
        return label.matches("[-+]?\\d{1,18}");
    }

    static boolean hasHeader(List<String> first, List<String> second) {
        for (int c = 0; c < Math.min(first.size(), second.size()); c++) {
            if (!isNumber(first.get(c)) && isNumber(second.get(c))) {
                return true;
            }
        }
        return first.stream().noneMatch(CsvReader::isNumber);
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static char sniff(String line) {
        char best = ',';
        long bestCount = line.chars().filter(ch -> ch == ',').count();
        for (char d : new char[] {';', '\t'}) {
            long n = line.chars().filter(ch -> ch == d).count();
            if (n > bestCount) {
                best = d;
                bestCount = n;
            }
        }
        return best;
    }

    /** Splits one line; a field in double quotes may contain the delimiter ("" is a quote). */
    static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (ch == delimiter) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        out.add(field.toString());
        return out;
    }

    static String stripExtension(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
