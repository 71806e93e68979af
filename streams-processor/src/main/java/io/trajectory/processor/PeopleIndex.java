package io.trajectory.processor;

import io.trajectory.state.PersonState;
import java.util.Optional;

/**
 * Keys of the {@code people-by-stage} store: {@code stage NUL department NUL personId}, so that
 * the people of a stage, or of a stage and department, are one key range, sorted by department
 * and then person. A person without a department has an empty one.
 */
public final class PeopleIndex {

    static final char SEPARATOR = '\u0000';

    private PeopleIndex() {
    }

    public static String key(PersonState s) {
        return key(s.getStage(), s.getDepartment() == null ? "" : s.getDepartment(), s.getPersonId());
    }

    public static String key(String stage, String department, String personId) {
        return stage + SEPARATOR + department + SEPARATOR + personId;
    }

    /** The key prefix of a stage, or of a stage and department. */
    public static String prefix(String stage, Optional<String> department) {
        return stage + SEPARATOR + department.map(d -> d + SEPARATOR).orElse("");
    }

    /**
     * The largest key that can start with {@code prefix} (an inclusive upper bound): the prefix ends
     * with the separator NUL, and no key continues past it with anything below U+0001... so the
     * prefix with its last NUL replaced by U+0001 bounds the range (that key itself never exists).
     */
    public static String upperBound(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + '\u0001';
    }

    /** The department part of an index key. */
    public static String department(String key) {
        int first = key.indexOf(SEPARATOR);
        return key.substring(first + 1, key.indexOf(SEPARATOR, first + 1));
    }

    /** The personId part of an index key. */
    public static String personId(String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }

    /** Whether the index entry of a person changes from one state to the next. */
    static boolean moved(PersonState before, PersonState after) {
        return before == null || !key(before).equals(key(after));
    }
}
