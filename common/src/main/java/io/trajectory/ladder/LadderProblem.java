package io.trajectory.ladder;

/**
 * One problem in a ladder file: where it is (a JSON path such as {@code stages[2].next}, and the
 * line and column of the offending property or value) and what is wrong, saying how to fix it.
 *
 * @param path    the JSON path of the offending property or value; empty for the file as a whole
 * @param message what is wrong and how to fix it
 * @param line    1-based line in the file, or 0 when unknown (a ladder checked without its file)
 * @param column  1-based column in the file, or 0 when unknown
 */
public record LadderProblem(String path, String message, int line, int column) {

    public LadderProblem {
        path = path == null ? "" : path;
    }

    /** A problem not yet located in a file. */
    public static LadderProblem at(String path, String message) {
        return new LadderProblem(path, message, 0, 0);
    }

    /** The same problem at a line and column of the file. */
    public LadderProblem located(int line, int column) {
        return new LadderProblem(path, message, line, column);
    }

    public boolean isLocated() {
        return line > 0;
    }

    /** True if this problem is at {@code other} or inside it ({@code stages[1].id} is inside {@code stages[1]}). */
    public boolean isWithin(String other) {
        return path.equals(other) || path.startsWith(other + ".") || path.startsWith(other + "[");
    }

    /** {@code FILE:LINE:COLUMN: path: message}, leaving out what is unknown. */
    public String render(String source) {
        StringBuilder out = new StringBuilder(source);
        if (isLocated()) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }

    @Override
    public String toString() {
        return render("ladder");
    }
}
