package io.trajectory.ladder;

import java.util.List;

/** A ladder file is unreadable or inconsistent; {@link #problems()} lists every problem found. */
public final class LadderException extends RuntimeException {

    private final List<String> problems;

    public LadderException(String source, List<String> problems) {
        super("invalid ladder " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
