package io.trajectory.api.analytics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Small-group suppression with complementary suppression: no published figure, and no figure that
 * can be derived from published ones, describes fewer than k people (but at least one).
 *
 * <p><b>Primary suppression:</b> every figure of 1 to k−1 people is withheld. (0 is published: an
 * empty group says nothing about anyone.)
 *
 * <p><b>Complementary suppression</b>, for figures that add up to a published total (a line): once
 * anything in a line is withheld, at least two of its figures are, and the withheld figures of a
 * line whose total is published add up to 0 or to at least k (so the subtraction "total minus what
 * is shown" reveals neither one group nor a small one). The complement chosen is the line's next
 * smallest non-empty figure (an empty one only if none is left, the total last).
 *
 * <p>For a two-way table with row, column and grand totals (every line both ways), withholding two
 * figures per line is not enough: the equations of several lines together, and the fact that no
 * count is negative, can still pin a withheld figure down (for instance when it is the only link
 * between two groups of withheld figures, or when its partners are empty cells that can only go
 * up). So every withheld figure of 1 to k−1 is checked exactly ({@link #canShift}: it lies on a
 * cycle of withheld figures along which it can move up or down without any count going negative),
 * and more figures are withheld until each can.
 */
public final class Suppression {

    private Suppression() {
    }

    /** Which groups of a line, and whether its total, are withheld. */
    public record LineResult(boolean[] groups, boolean total) {

        public int suppressedCount() {
            int n = 0;
            for (boolean g : groups) {
                n += g ? 1 : 0;
            }
            return n;
        }
    }

    /** Which cells, row totals, column totals and grand total of a table are withheld. */
    public record TableResult(boolean[][] cells, boolean[] rowTotals, boolean[] columnTotals, boolean grandTotal) {
    }

    private static boolean small(long value, int k) {
        return value >= 1 && value < k;
    }

    /**
     * One line: groups whose figures are published beside a total over all of them.
     *
     * @param groups per group, its people counts (one or several measures, e.g. people promoted and people observed)
     * @param total  the total's people counts, measure by measure (the people of all groups; less than the sum when
     *               someone belongs to two groups)
     * @param k      the minimum group size
     */
    public static LineResult line(long[][] groups, long[] total, int k) {
        int n = groups.length;
        boolean[] suppressed = new boolean[n];
        boolean totalSuppressed = false;
        for (int g = 0; g < n; g++) {
            for (long v : groups[g]) {
                suppressed[g] |= small(v, k);
            }
        }
        for (long v : total) {
            totalSuppressed |= small(v, k);
        }
        while (!totalSuppressed) {
            int count = 0;
            for (boolean s : suppressed) {
                count += s ? 1 : 0;
            }
            if (count == 0) {
                break;
            }
            boolean safe = count >= 2;
            for (int m = 0; m < total.length && safe; m++) {
                long derived = total[m];
                for (int g = 0; g < n; g++) {
                    if (!suppressed[g]) {
                        derived -= groups[g][m];
                    }
                }
                safe = !small(derived, k);
            }
            if (safe) {
                break;
            }
            int next = -1;
            for (int g = 0; g < n; g++) {
                if (suppressed[g]) {
                    continue;
                }
                long candidate = size(groups[g]);
                long best = next < 0 ? -1 : size(groups[next]);
                if (next < 0 || (best == 0 && candidate > 0) || (candidate > 0 && candidate < best)) {
                    next = g;
                }
            }
            if (next < 0) {
                totalSuppressed = true;
            } else {
                suppressed[next] = true;
            }
        }
        return new LineResult(suppressed, totalSuppressed);
    }

    private static long size(long[] measures) {
        long max = 0;
        for (long v : measures) {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * A two-way table of counts (each person or event in exactly one cell) published with its row
     * totals, column totals and grand total.
     */
    public static TableResult table(long[][] cells, int k) {
        int rows = cells.length;
        int cols = rows == 0 ? 0 : cells[0].length;
        // the extended table: margins in the last row and column, the grand total in the corner
        long[][] v = new long[rows + 1][cols + 1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r][c] = cells[r][c];
                v[r][cols] += cells[r][c];
                v[rows][c] += cells[r][c];
                v[rows][cols] += cells[r][c];
            }
        }
        boolean[][] s = new boolean[rows + 1][cols + 1];
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= cols; c++) {
                s[r][c] = small(v[r][c], k);
            }
        }
        if (rows > 0 && cols > 0) {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int r = 0; r <= rows; r++) {
                    changed |= fixLine(v, s, lineOfRow(r, cols), k);
                }
                for (int c = 0; c <= cols; c++) {
                    changed |= fixLine(v, s, lineOfColumn(c, rows), k);
                }
                if (!changed) {
                    changed = fixOneDetermined(v, s, rows, cols, k);
                }
            }
        }
        boolean[][] cellResult = new boolean[rows][cols];
        boolean[] rowTotals = new boolean[rows];
        boolean[] columnTotals = new boolean[cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s[r], 0, cellResult[r], 0, cols);
            rowTotals[r] = s[r][cols];
        }
        for (int c = 0; c < cols; c++) {
            columnTotals[c] = s[rows][c];
        }
        return new TableResult(cellResult, rowTotals, columnTotals, s[rows][cols]);
    }

    /** Positions of a row line: its cells, then its total (last). */
    private static List<int[]> lineOfRow(int r, int cols) {
        List<int[]> line = new ArrayList<>(cols + 1);
        for (int c = 0; c <= cols; c++) {
            line.add(new int[] {r, c});
        }
        return line;
    }

    private static List<int[]> lineOfColumn(int c, int rows) {
        List<int[]> line = new ArrayList<>(rows + 1);
        for (int r = 0; r <= rows; r++) {
            line.add(new int[] {r, c});
        }
        return line;
    }

    /** Applies the line rule once; true if it withheld one more figure. */
    private static boolean fixLine(long[][] v, boolean[][] s, List<int[]> line, int k) {
        int[] total = line.get(line.size() - 1);
        int count = 0;
        long withheld = 0;
        for (int[] p : line.subList(0, line.size() - 1)) {
            if (s[p[0]][p[1]]) {
                count++;
                withheld += v[p[0]][p[1]];
            }
        }
        boolean totalWithheld = s[total[0]][total[1]];
        int all = count + (totalWithheld ? 1 : 0);
        if (all == 0) {
            return false;
        }
        boolean needMore = all == 1 || (!totalWithheld && small(withheld, k));
        if (!needMore) {
            return false;
        }
        int[] next = smallestOpen(v, s, line.subList(0, line.size() - 1));
        if (next == null) {
            next = totalWithheld ? null : total;
        }
        if (next == null) {
            return false;
        }
        s[next[0]][next[1]] = true;
        return true;
    }

    /** The smallest non-empty unwithheld position, else the first empty one; null if all are withheld. */
    private static int[] smallestOpen(long[][] v, boolean[][] s, List<int[]> positions) {
        int[] best = null;
        int[] zero = null;
        for (int[] p : positions) {
            if (s[p[0]][p[1]]) {
                continue;
            }
            long value = v[p[0]][p[1]];
            if (value == 0) {
                if (zero == null) {
                    zero = p;
                }
            } else if (best == null || value < v[best[0]][best[1]]) {
                best = p;
            }
        }
        return best != null ? best : zero;
    }

    /**
     * Finds a withheld figure of 1..k−1 that the published figures still determine and withholds one more
     * figure of its row or column (the smallest non-empty one; any other non-empty one if both lines are
     * withheld whole); true if it did.
     */
    private static boolean fixOneDetermined(long[][] v, boolean[][] s, int rows, int cols, int k) {
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= cols; c++) {
                if (s[r][c] && small(v[r][c], k) && !canShift(v, s, rows, cols, r, c)) {
                    List<int[]> around = new ArrayList<>(lineOfRow(r, cols));
                    around.addAll(lineOfColumn(c, rows));
                    int[] next = smallestOpenPositive(v, s, around);
                    if (next == null) {
                        List<int[]> everywhere = new ArrayList<>();
                        for (int i = 0; i <= rows; i++) {
                            everywhere.addAll(lineOfRow(i, cols));
                        }
                        next = smallestOpenPositive(v, s, everywhere);
                    }
                    if (next != null) {
                        s[next[0]][next[1]] = true;
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int[] smallestOpenPositive(long[][] v, boolean[][] s, List<int[]> positions) {
        int[] best = null;
        for (int[] p : positions) {
            if (!s[p[0]][p[1]] && v[p[0]][p[1]] > 0 && (best == null || v[p[0]][p[1]] < v[best[0]][best[1]])) {
                best = p;
            }
        }
        return best;
    }

    /**
     * Whether another table of non-negative counts with the same published figures has a different value at
     * (r0, c0). In the extended table with the margins negated every line sums to zero, so two such tables
     * differ by a circulation on the withheld figures, and (r0, c0) can change iff a cycle of withheld
     * figures through it can shift by one (alternately up and down) with every figure that goes down at
     * least 1. Along a cycle of this bipartite graph of lines the shift of a figure depends only on the
     * direction it is crossed in (column to row, or row to column), so the search is a reachability
     * question: from the column of (r0, c0) back to its row, over the figures that may shift that way.
     */
    static boolean canShift(long[][] v, boolean[][] s, int rows, int cols, int r0, int c0) {
        for (int d : new int[] {1, -1}) {
            if (sign(r0, c0, rows, cols) * d < 0 && v[r0][c0] < 1) {
                continue;
            }
            // crossing a figure from its column to its row shifts it by -d (negated margins), row to column by +d
            boolean[] seenRow = new boolean[rows + 1];
            boolean[] seenCol = new boolean[cols + 1];
            Deque<int[]> queue = new ArrayDeque<>();
            seenCol[c0] = true;
            queue.add(new int[] {0, c0});
            while (!queue.isEmpty()) {
                int[] at = queue.poll();
                if (at[0] == 0) {
                    int c = at[1];
                    for (int r = 0; r <= rows; r++) {
                        if (s[r][c] && !(r == r0 && c == c0) && !seenRow[r] && mayShift(v, r, c, rows, cols, -d)) {
                            if (r == r0) {
                                return true;
                            }
                            seenRow[r] = true;
                            queue.add(new int[] {1, r});
                        }
                    }
                } else {
                    int r = at[1];
                    for (int c = 0; c <= cols; c++) {
                        if (s[r][c] && !(r == r0 && c == c0) && !seenCol[c] && mayShift(v, r, c, rows, cols, d)) {
                            seenCol[c] = true;
                            queue.add(new int[] {0, c});
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean mayShift(long[][] v, int r, int c, int rows, int cols, int delta) {
        return sign(r, c, rows, cols) * delta >= 0 || v[r][c] >= 1;
    }

    /** +1 for cells and the grand total, −1 for the row and column totals (the extended table's signs). */
    private static int sign(int r, int c, int rows, int cols) {
        return (r == rows) != (c == cols) ? -1 : 1;
    }
}
