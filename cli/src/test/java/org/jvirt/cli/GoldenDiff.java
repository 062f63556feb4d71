package org.jvirt.cli;

import java.util.ArrayList;
import java.util.List;

/** A unified-style line diff (3 lines of context) for golden mismatch messages. */
final class GoldenDiff {
    private static final int CONTEXT = 3;
    /** Above this many LCS cells the diff falls back to printing both texts whole. */
    private static final long MAX_CELLS = 20_000_000L;

    private GoldenDiff() {}

    /** Returns the diff from {@code expected} to {@code actual}, or "" when they are equal. */
    static String unified(String expectedLabel, String expected, String actualLabel, String actual) {
        if (expected.equals(actual)) {
            return "";
        }
        List<String> a = lines(expected);
        List<String> b = lines(actual);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(expectedLabel).append('\n');
        out.append("+++ ").append(actualLabel).append('\n');
        if ((long) (a.size() + 1) * (b.size() + 1) > MAX_CELLS) {
            out.append("@@ too large to diff: whole texts follow @@\n");
            a.forEach(l -> out.append('-').append(l).append('\n'));
            b.forEach(l -> out.append('+').append(l).append('\n'));
            return out.toString();
        }
        List<Edit> edits = edits(a, b);
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == ' ') {
                i++;
                continue;
            }
            // A hunk: from CONTEXT lines before the first change to CONTEXT lines after the last change
            // that is no more than 2*CONTEXT unchanged lines from the previous one.
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int j = i;
            while (j < edits.size()) {
                if (edits.get(j).op() != ' ') {
                    end = j;
                    j++;
                } else if (j - end > 2 * CONTEXT) {
                    break;
                } else {
                    j++;
                }
            }
            int stop = Math.min(edits.size(), end + CONTEXT + 1);
            Edit first = edits.get(start);
            int aCount = 0;
            int bCount = 0;
            for (int k = start; k < stop; k++) {
                char op = edits.get(k).op();
                if (op != '+') {
                    aCount++;
                }
                if (op != '-') {
                    bCount++;
                }
            }
            out.append("@@ -").append(first.aLine() + 1).append(',').append(aCount)
                    .append(" +").append(first.bLine() + 1).append(',').append(bCount).append(" @@\n");
            for (int k = start; k < stop; k++) {
                Edit e = edits.get(k);
                out.append(e.op()).append(e.text()).append('\n');
            }
            i = stop;
        }
        return out.toString();
    }

    /** One line of the edit script: op is ' ', '-' or '+'; aLine/bLine are the 0-based positions before it. */
    private record Edit(char op, String text, int aLine, int bLine) {}

    private static List<Edit> edits(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int x = n - 1; x >= 0; x--) {
            for (int y = m - 1; y >= 0; y--) {
                lcs[x][y] = a.get(x).equals(b.get(y)) ? lcs[x + 1][y + 1] + 1 : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int x = 0;
        int y = 0;
        while (x < n || y < m) {
            if (x < n && y < m && a.get(x).equals(b.get(y))) {
                edits.add(new Edit(' ', a.get(x), x, y));
                x++;
                y++;
            } else if (x < n && (y == m || lcs[x + 1][y] >= lcs[x][y + 1])) {
                edits.add(new Edit('-', a.get(x), x, y));
                x++;
            } else {
                edits.add(new Edit('+', b.get(y), x, y));
                y++;
            }
        }
        return edits;
    }

    /**
     * Splits into lines, marking a missing final newline the way diff does, so that a difference in the
     * trailing newline alone is still visible.
     */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.getLast().isEmpty()) {
            lines.removeLast();
        } else {
            lines.set(lines.size() - 1, lines.getLast() + "\\ No newline at end of file");
        }
        return lines;
    }
}
