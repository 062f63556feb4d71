package org.jvirt.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * virsh's table printer (vshTable): a header row, a line of dashes, then rows; each cell is preceded by a space and
 * padded to its column's width plus two, except the last cell of a row.
 */
public final class VshTable {
    private final List<List<String>> rows = new ArrayList<>();
    private final int columns;

    /** A table with the given header; every row must have as many cells. */
    public VshTable(String... header) {
        columns = header.length;
        rows.add(List.of(header));
    }

    public VshTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns);
        }
        List<String> safe = new ArrayList<>(cells.length);
        for (String c : cells) {
            safe.add(safeEncode(c));
        }
        rows.add(safe);
        return this;
    }

    /** The table as virsh prints it; {@code header=false} (virsh -q) drops the header and dashes. */
    public String format(boolean header) {
        int first = header ? 0 : 1;
        int[] max = new int[columns];
        for (int r = first; r < rows.size(); r++) {
            for (int i = 0; i < columns; i++) {
                max[i] = Math.max(max[i], width(rows.get(r).get(i)));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (header) {
            appendRow(sb, rows.getFirst(), max);
            int total = 0;
            for (int w : max) {
                total += w;
            }
            sb.append("-".repeat(total + columns * 3)).append('\n');
        }
        for (int r = 1; r < rows.size(); r++) {
            appendRow(sb, rows.get(r), max);
        }
        return sb.toString();
    }

    /** Prints the table as virsh's vshTablePrintToStdout does: without header in quiet mode. */
    public void print(Ctl ctl) {
        ctl.print(format(!ctl.quiet()));
    }

    private static void appendRow(StringBuilder sb, List<String> row, int[] max) {
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            sb.append(' ').append(cell);
            if (i < row.size() - 1) {
                sb.append(" ".repeat(max[i] - width(cell) + 2));
            }
        }
        sb.append('\n');
    }

    /** Display width: one per character, two for East Asian wide characters, as wcwidth reports. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += isWide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    /** Non-printable characters become {@code \xNN}, as virsh's vshTableSafeEncode does, so columns stay aligned. */
    static String safeEncode(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
