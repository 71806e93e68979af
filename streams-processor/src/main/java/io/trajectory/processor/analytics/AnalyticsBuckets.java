package io.trajectory.processor.analytics;

import io.trajectory.state.PersonSpells;
import io.trajectory.state.Spell;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keys of the {@code analytics-buckets} store: {@code stage NUL department NUL cohort NUL personId},
 * where the department is the one at the entry into the stage (empty before a hire) and the cohort
 * the hire quarter ({@code 2024-Q1}; empty if never hired). A bucket is every key with the same
 * first three parts; a stage, or a stage and department, is one key range. The value under a key
 * is that person's spells of the bucket, so a correction rewrites, and a retraction deletes,
 * exactly one person's entry of each bucket it touches. A person's whole spells are the union of
 * their entries ({@link #merge}).
 */
public final class AnalyticsBuckets {

    static final char SEPARATOR = '\u0000';

    private AnalyticsBuckets() {
    }

    public static String key(String stage, String department, String cohort, String personId) {
        return stage + SEPARATOR + (department == null ? "" : department) + SEPARATOR + cohort + SEPARATOR + personId;
    }

    /** The key prefix of a stage's buckets. */
    public static String stagePrefix(String stage) {
        return stage + SEPARATOR;
    }

    /** An inclusive upper bound of the keys starting with {@code prefix} (which ends with the separator). */
    public static String upperBound(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + '\u0001';
    }

    /** The hire-cohort quarter, {@code 2024-Q1} (UTC); empty when never hired. */
    public static String cohortQuarter(Instant hiredAt) {
        if (hiredAt == null) {
            return "";
        }
        ZonedDateTime t = hiredAt.atZone(ZoneOffset.UTC);
        return t.getYear() + "-Q" + ((t.getMonthValue() - 1) / 3 + 1);
    }

    /**
     * The inverse of {@link #split}: bucket entries (of any people, in any order) put together into one
     * value per person (ordered by personId), their spells in sequence order. Every spell of a person is
     * in exactly one bucket entry, so this gives back each person's spells; people without any spell
     * have no bucket entry and are not in the result.
     */
    public static List<PersonSpells> merge(java.util.Iterator<PersonSpells> entries) {
        Map<String, PersonSpells> people = new TreeMap<>();
        while (entries.hasNext()) {
            PersonSpells entry = entries.next();
            PersonSpells person = people.get(entry.getPersonId());
            if (person == null) {
                people.put(entry.getPersonId(), PersonSpells.newBuilder()
                        .setPersonId(entry.getPersonId())
                        .setHiredAt(entry.getHiredAt())
                        .setDepartedAt(entry.getDepartedAt())
                        .setSpells(new ArrayList<>(entry.getSpells()))
                        .build());
            } else {
                person.getSpells().addAll(entry.getSpells());
            }
        }
        List<PersonSpells> out = new ArrayList<>(people.size());
        for (PersonSpells person : people.values()) {
            person.getSpells().sort(java.util.Comparator.comparingInt(Spell::getSequence));
            out.add(person);
        }
        return out;
    }

    /** A person's spells split into their buckets: bucket key (with the personId) → that person's spells of it. */
    public static Map<String, PersonSpells> split(PersonSpells person) {
        Map<String, List<Spell>> byKey = new TreeMap<>();
        String cohort = cohortQuarter(person.getHiredAt());
        for (Spell spell : person.getSpells()) {
            byKey.computeIfAbsent(key(spell.getStage(), spell.getDepartment(), cohort, person.getPersonId()),
                    k -> new ArrayList<>()).add(spell);
        }
        Map<String, PersonSpells> out = new TreeMap<>();
        byKey.forEach((key, spells) -> out.put(key, PersonSpells.newBuilder()
                .setPersonId(person.getPersonId())
                .setHiredAt(person.getHiredAt())
                .setDepartedAt(person.getDepartedAt())
                .setSpells(spells)
                .build()));
        return out;
    }
}
