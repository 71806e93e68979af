package io.trajectory.ladder;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/** "Did you mean" for a misspelled id or property name. */
final class Spelling {

    private static final int MAX_EDITS = 2;
    /** At most one edit per this many letters, so "Q" does not suggest "A". */
    private static final int LETTERS_PER_EDIT = 3;

    private Spelling() {
    }

    /**
     * The known name closest to {@code typed}, if it is a case variant or at most two edits away (one
     * per three letters).
     */
    static Optional<String> closest(String typed, Collection<String> known) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String best = null;
        int bestEdits = Integer.MAX_VALUE;
        for (String name : known) {
            if (name == null || name.equals(typed)) {
                continue;
            }
            int edits = name.equalsIgnoreCase(typed) ? 0 : edits(typed.toLowerCase(), name.toLowerCase());
            int allowed = Math.min(MAX_EDITS, Math.max(typed.length(), name.length()) / LETTERS_PER_EDIT);
            if (edits <= allowed && edits < bestEdits) {
                best = name;
                bestEdits = edits;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean 'X'?"}, or nothing. */
    static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Edits between two words: insertions, deletions, substitutions and swaps of neighbours. */
    static int edits(String a, String b) {
        Objects.requireNonNull(a);
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
