package io.trajectory.ladder;

import java.util.List;

/**
 * A ladder file is unreadable or inconsistent; {@link #problems()} lists every problem found, each
 * with its place in the file, and the message renders them as {@code FILE:LINE:COLUMN: path: message}
 * lines.
 */
public final class LadderException extends RuntimeException {

    private final String source;
    private final List<LadderProblem> problems;

    public LadderException(String source, List<LadderProblem> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or resource) the ladder was read from. */
    public String source() {
        return source;
    }

    public List<LadderProblem> problems() {
        return problems;
    }

    /** One line per problem: {@code FILE:LINE:COLUMN: path: message}. */
    public List<String> lines() {
        return problems.stream().map(p -> p.render(source)).toList();
    }

    private static String message(String source, List<LadderProblem> problems) {
        if (problems.size() == 1 && !problems.get(0).isLocated() && problems.get(0).path().isEmpty()) {
            return "invalid ladder " + source + ": " + problems.get(0).message();
        }
        StringBuilder out = new StringBuilder("invalid ladder ").append(source).append(", ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (LadderProblem problem : problems) {
            out.append('\n').append(problem.render(source));
        }
        return out.toString();
    }
}
