package io.layerloom.model.report;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * A plain-text table in fixed-width columns, two spaces apart, numbers right-aligned: the layout
 * of {@code summary} and {@code profile} (Keras' {@code model.summary()} style).
 *
 * @param width     each column's width: its header's or its widest cell's
 * @param numeric   which columns are right-aligned
 */
public record TextTable(int[] width, IntPredicate numeric) {

    /** The columns sized to fit the headers and every row. */
    public static TextTable fitting(String[] headers, List<String[]> rows, IntPredicate numeric) {
        int[] width = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            width[c] = headers[c].length();
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        return new TextTable(width, numeric);
    }

    /** A rule across the whole table ("=" or "-"), with its line end. */
    public String rule(char c) {
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        return String.valueOf(c).repeat(Math.max(0, total - 2)) + "\n";
    }

    /** Appends one row, its trailing spaces stripped. */
    public void row(StringBuilder b, String[] cells) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c];
            String pad = " ".repeat(Math.max(0, width[c] - cell.length()));
            line.append(numeric.test(c) ? pad + cell : cell + pad);
            if (c + 1 < cells.length) {
                line.append("  ");
            }
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }
}
