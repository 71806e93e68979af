package io.trajectory.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Small-group suppression. Besides examples, an attacker: for random tables, every withheld figure
 * of 1 to k−1 people must stay undetermined by the published figures (an exact test: a withheld
 * figure can change iff it lies on a cycle of withheld figures along which it can shift by one
 * without any figure going negative), and every line must satisfy the subtraction rule.
 */
class SuppressionTest {

    private static final int K = 5;

    // ---- one line: groups beside a published total ----

    @Test
    void shouldPublishEveryGroupWhenNoneIsSmall() {
        Suppression.LineResult r = Suppression.line(new long[][] {{7}, {12}, {5}}, new long[] {24}, K);

        assertThat(r.groups()).containsExactly(false, false, false);
        assertThat(r.total()).isFalse();
    }

    @Test
    void shouldAlsoWithholdTheNextSmallestGroupWhenTheTotalWouldRevealASmallOne() {
        Suppression.LineResult r = Suppression.line(new long[][] {{20}, {3}, {9}, {7}}, new long[] {39}, K);

        assertThat(r.groups()).as("3 is small; without a complement 39 - 20 - 9 - 7 = 3").containsExactly(false, true, false, true);
        assertThat(r.total()).isFalse();
    }

    @Test
    void shouldKeepWithholdingUntilTheWithheldGroupsTogetherAreNotSmall() {
        Suppression.LineResult r = Suppression.line(new long[][] {{1}, {2}, {1}, {30}, {8}}, new long[] {42}, K);

        assertThat(r.groups()).as("1 + 2 + 1 = 4 is still small: 8 joins").containsExactly(true, true, true, false, true);
        assertThat(r.total()).isFalse();
    }

    @Test
    void shouldWithholdTheTotalWhenNoGroupIsLeftToComplement() {
        Suppression.LineResult r = Suppression.line(new long[][] {{2}, {2}}, new long[] {4}, K);

        assertThat(r.groups()).containsExactly(true, true);
        assertThat(r.total()).as("the total is 4 people").isTrue();
    }

    @Test
    void shouldWithholdTheOnlyOtherGroupAndKeepTheTotalWhenTheyAddUpToEnough() {
        Suppression.LineResult r = Suppression.line(new long[][] {{4}, {9}}, new long[] {13}, K);

        assertThat(r.groups()).containsExactly(true, true);
        assertThat(r.total()).isFalse();
    }

    @Test
    void shouldSuppressAGroupThatIsSmallInAnyMeasure() {
        // measures: people promoted, people observed
        Suppression.LineResult r = Suppression.line(new long[][] {{6, 40}, {2, 30}, {0, 12}, {9, 9}},
                new long[] {17, 91}, K);

        assertThat(r.groups()[1]).as("2 promoted").isTrue();
        assertThat(r.suppressedCount()).isGreaterThanOrEqualTo(2);
        assertDerivedNotSmall(new long[][] {{6, 40}, {2, 30}, {0, 12}, {9, 9}}, new long[] {17, 91}, r);
    }

    @Test
    void shouldPublishAnEmptyMeasureButNotASmallOne() {
        Suppression.LineResult r = Suppression.line(new long[][] {{0, 8}, {7, 7}}, new long[] {7, 15}, K);

        assertThat(r.groups()).containsExactly(false, false);
    }

    @Test
    void shouldSubtractWhatTheTotalReallyHoldsWhenSomeoneIsInTwoGroups() {
        // one person in both groups: the total counts 9 people, not 10
        Suppression.LineResult r = Suppression.line(new long[][] {{6}, {4}, {20}}, new long[] {29}, K);

        assertThat(r.groups()).containsExactly(true, true, false);
        assertDerivedNotSmall(new long[][] {{6}, {4}, {20}}, new long[] {29}, r);
    }

    @Test
    void shouldObeyTheLineRulesForRandomLines() {
        Random random = new Random(42);
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + random.nextInt(7);
            int measures = 1 + random.nextInt(2);
            long[][] groups = new long[n][measures];
            long[] total = new long[measures];
            for (int g = 0; g < n; g++) {
                for (int m = 0; m < measures; m++) {
                    groups[g][m] = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(7);
                    total[m] += groups[g][m];
                }
            }
            Suppression.LineResult r = Suppression.line(groups, total, K);
            String context = Arrays.deepToString(groups);
            for (int g = 0; g < n; g++) {
                for (int m = 0; m < measures; m++) {
                    if (groups[g][m] >= 1 && groups[g][m] < K) {
                        assertThat(r.groups()[g]).as("small group %d of %s", g, context).isTrue();
                    }
                }
            }
            if (!r.total()) {
                assertThat(r.suppressedCount()).as(context).isNotEqualTo(1);
                assertDerivedNotSmall(groups, total, r);
            }
        }
    }

    private static void assertDerivedNotSmall(long[][] groups, long[] total, Suppression.LineResult r) {
        for (int m = 0; m < total.length; m++) {
            long derived = total[m];
            for (int g = 0; g < groups.length; g++) {
                if (!r.groups()[g]) {
                    derived -= groups[g][m];
                }
            }
            assertThat(derived >= 1 && derived < K).as("total minus the published groups = %d in %s", derived,
                    Arrays.deepToString(groups)).isFalse();
        }
    }

    // ---- a two-way table with margins ----

    @Test
    void shouldPublishATableWithoutSmallCellsWhole() {
        Suppression.TableResult r = Suppression.table(new long[][] {{10, 0, 7}, {6, 9, 0}}, K);

        assertThat(r.cells()).isDeepEqualTo(new boolean[][] {{false, false, false}, {false, false, false}});
        assertThat(r.rowTotals()).containsExactly(false, false);
        assertThat(r.columnTotals()).containsExactly(false, false, false);
        assertThat(r.grandTotal()).isFalse();
    }

    @Test
    void shouldProtectOneSmallCellInItsRowAndItsColumn() {
        long[][] cells = {{12, 3, 20}, {9, 15, 11}, {30, 8, 6}};
        Suppression.TableResult r = Suppression.table(cells, K);

        assertThat(r.cells()[0][1]).isTrue();
        assertThat(count(r.cells()[0]) + (r.rowTotals()[0] ? 1 : 0)).as("row 0").isGreaterThanOrEqualTo(2);
        assertThat(r.cells()[0][1] && (r.cells()[1][1] || r.cells()[2][1] || r.columnTotals()[1])).as("column 1").isTrue();
        assertProtected(cells, r, K);
    }

    @Test
    void shouldWithholdAMarginThatIsItselfSmall() {
        long[][] cells = {{2, 1}, {40, 25}};
        Suppression.TableResult r = Suppression.table(cells, K);

        assertThat(r.rowTotals()[0]).as("row total 3").isTrue();
        assertThat(r.cells()[0]).containsExactly(true, true);
        assertProtected(cells, r, K);
    }

    @Test
    void shouldNotLeaveAWithheldCellAsTheOnlyLinkBetweenTwoGroupsOfWithheldCells() {
        // two 2x2 blocks of small cells, and a small cell linking them
        long[][] cells = {
            {2, 2, 20, 20, 20},
            {2, 2, 20, 20, 3},
            {20, 20, 2, 2, 20},
            {20, 20, 2, 2, 20},
            {20, 20, 20, 20, 20}};
        Suppression.TableResult r = Suppression.table(cells, K);

        assertProtected(cells, r, K);
    }

    @Test
    void shouldHandleASingleColumnWhereEveryRowTotalEqualsItsCell() {
        long[][] cells = {{3}, {10}, {12}};
        Suppression.TableResult r = Suppression.table(cells, K);

        assertThat(r.cells()[0][0]).isTrue();
        assertThat(r.rowTotals()[0]).as("the row total is the cell").isTrue();
        assertProtected(cells, r, K);
    }

    @Test
    void shouldProtectEverySmallCellOfRandomTablesAgainstAnExactAttacker() {
        Random random = new Random(2024);
        int tables = 0;
        int withheld = 0;
        for (int trial = 0; trial < 4_000; trial++) {
            int rows = 1 + random.nextInt(4);
            int cols = 1 + random.nextInt(4);
            int k = random.nextBoolean() ? 3 : 5;
            long[][] cells = new long[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int roll = random.nextInt(10);
                    cells[r][c] = roll < 3 ? 0 : roll < 7 ? 1 + random.nextInt(k) : k + random.nextInt(30);
                }
            }
            Suppression.TableResult result = Suppression.table(cells, k);
            withheld += assertProtected(cells, result, k);
            tables++;
        }
        assertThat(tables).isEqualTo(4_000);
        assertThat(withheld).as("the attacker had work to do").isGreaterThan(1000);
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /**
     * Asserts that every figure of 1..k−1 (cells and margins) is withheld and undetermined, and that every line
     * with a published total withholds 0 or at least two figures adding up to 0 or at least k. Returns the
     * number of small figures checked.
     */
    static int assertProtected(long[][] cells, Suppression.TableResult r, int k) {
        int rows = cells.length;
        int cols = cells[0].length;
        long[][] v = new long[rows + 1][cols + 1];
        boolean[][] s = new boolean[rows + 1][cols + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i][j] = cells[i][j];
                v[i][cols] += cells[i][j];
                v[rows][j] += cells[i][j];
                v[rows][cols] += cells[i][j];
                s[i][j] = r.cells()[i][j];
            }
            s[i][cols] = r.rowTotals()[i];
        }
        for (int j = 0; j < cols; j++) {
            s[rows][j] = r.columnTotals()[j];
        }
        s[rows][cols] = r.grandTotal();
        String context = Arrays.deepToString(cells) + " withheld " + Arrays.deepToString(s);
        int checked = 0;
        for (int i = 0; i <= rows; i++) {
            for (int j = 0; j <= cols; j++) {
                if (v[i][j] >= 1 && v[i][j] < k) {
                    assertThat(s[i][j]).as("small figure [%d][%d] of %s", i, j, context).isTrue();
                    assertThat(canChange(v, s, rows, cols, i, j)).as("figure [%d][%d] is determined in %s", i, j, context).isTrue();
                    checked++;
                }
            }
        }
        for (int i = 0; i <= rows; i++) {
            assertLine(v, s, i, -1, rows, cols, k, context);
        }
        for (int j = 0; j <= cols; j++) {
            assertLine(v, s, -1, j, rows, cols, k, context);
        }
        return checked;
    }

    private static void assertLine(long[][] v, boolean[][] s, int row, int col, int rows, int cols, int k, String context) {
        int n = row >= 0 ? cols : rows;
        int count = 0;
        long sum = 0;
        for (int x = 0; x < n; x++) {
            int i = row >= 0 ? row : x;
            int j = row >= 0 ? x : col;
            if (s[i][j]) {
                count++;
                sum += v[i][j];
            }
        }
        boolean totalWithheld = row >= 0 ? s[row][cols] : s[rows][col];
        int all = count + (totalWithheld ? 1 : 0);
        assertThat(all).as("line %s of %s withholds exactly one figure", row >= 0 ? "row " + row : "column " + col, context)
                .isNotEqualTo(1);
        if (!totalWithheld) {
            assertThat(sum >= 1 && sum < k).as("withheld figures of %s add up to %d in %s",
                    row >= 0 ? "row " + row : "column " + col, sum, context).isFalse();
        }
    }

    /**
     * Whether another non-negative table with the same published figures has a different value at (i0, j0):
     * in the extended table (margins negated, grand total positive) every line sums to zero, so the differences
     * between two such tables are circulations on the withheld figures; a figure can change iff a cycle through
     * it can shift by ±1 with every figure that goes down being at least 1.
     */
    static boolean canChange(long[][] v, boolean[][] s, int rows, int cols, int i0, int j0) {
        for (int direction : new int[] {1, -1}) {
            int original = sign(i0, j0, rows, cols) * direction;
            if (original < 0 && v[i0][j0] < 1) {
                continue;
            }
            boolean[] rowUsed = new boolean[rows + 1];
            boolean[] colUsed = new boolean[cols + 1];
            colUsed[j0] = true;
            if (path(v, s, rows, cols, i0, j0, false, j0, -direction, rowUsed, colUsed)) {
                return true;
            }
        }
        return false;
    }

    /** Extends an alternating path from the current vertex (a column when atRow is false) back to row i0. */
    private static boolean path(long[][] v, boolean[][] s, int rows, int cols, int i0, int j0, boolean atRow, int at,
            int delta, boolean[] rowUsed, boolean[] colUsed) {
        if (!atRow) {
            for (int i = 0; i <= rows; i++) {
                if (!s[i][at] || (i == i0 && at == j0) || rowUsed[i]) {
                    continue;
                }
                if (sign(i, at, rows, cols) * delta < 0 && v[i][at] < 1) {
                    continue;
                }
                if (i == i0) {
                    return true;
                }
                rowUsed[i] = true;
                if (path(v, s, rows, cols, i0, j0, true, i, -delta, rowUsed, colUsed)) {
                    return true;
                }
                rowUsed[i] = false;
            }
        } else {
            for (int j = 0; j <= cols; j++) {
                if (!s[at][j] || colUsed[j]) {
                    continue;
                }
                if (sign(at, j, rows, cols) * delta < 0 && v[at][j] < 1) {
                    continue;
                }
                colUsed[j] = true;
                if (path(v, s, rows, cols, i0, j0, false, j, -delta, rowUsed, colUsed)) {
                    return true;
                }
                colUsed[j] = false;
            }
        }
        return false;
    }

    /** +1 for cells and the grand total, −1 for margins. */
    private static int sign(int i, int j, int rows, int cols) {
        return (i == rows) != (j == cols) ? -1 : 1;
    }

    @Test
    void theAttackerShouldFindADeterminedFigure() {
        // a 2x2 table where only one cell and its row total are withheld: the column total gives the cell away
        long[][] v = {{3, 10, 13}, {20, 30, 50}, {23, 40, 63}};
        boolean[][] s = {{true, false, true}, {false, false, false}, {false, false, false}};
        assertThat(canChange(v, s, 2, 2, 0, 0)).isFalse();
        // with the rectangle of cells withheld it can shift
        boolean[][] rectangle = {{true, true, false}, {true, true, false}, {false, false, false}};
        assertThat(canChange(v, rectangle, 2, 2, 0, 0)).isTrue();
    }
}
