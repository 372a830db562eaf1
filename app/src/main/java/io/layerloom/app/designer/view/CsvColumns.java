package io.layerloom.app.designer.view;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns to offer as the label column of a CSV file: the header's names, or "0", "1", ...
 * (indices, which the CSV reader also accepts) when the first row is numbers.
 */
final class CsvColumns {

    private CsvColumns() {
    }

    static List<String> read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                return List.of();
            }
            first = first.replace("\uFEFF", "");
            String delimiter = first.contains(";") ? ";" : first.contains("\t") ? "\t" : ",";
            String[] cells = first.split(delimiter, -1);
            boolean header = false;
            for (String c : cells) {
                try {
                    Double.parseDouble(c.trim());
                } catch (NumberFormatException e) {
                    header = true;
                }
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                names.add(header ? cells[i].trim().replace("\"", "") : Integer.toString(i));
            }
            return names;
        } catch (IOException e) {
            return List.of();
        }
    }
}
