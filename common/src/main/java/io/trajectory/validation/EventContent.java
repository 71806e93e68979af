package io.trajectory.validation;

import io.trajectory.events.EventHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The content of an event by its CloudEvents names ({@code type}, {@code subject}, {@code time},
 * {@code source}, {@code data.<attribute>}), without its id and its recording time: what makes two
 * events with the same id the same event. Used to say which fields a conflicting duplicate changes.
 */
public final class EventContent {

    private EventContent() {
    }

    /** Field name → value, in schema order; absent (null) attributes are included as null. */
    public static Map<String, Object> of(SpecificRecord event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", event.getSchema().getFullName());
        for (Schema.Field f : event.getSchema().getFields()) {
            Object value = event.get(f.pos());
            if (f.name().equals("header") && value instanceof EventHeader h) {
                out.put("subject", h.getPersonId());
                out.put("time", h.getOccurredAt());
                out.put("source", h.getSource());
            } else {
                out.put("data." + f.name(), value instanceof CharSequence c ? c.toString() : value);
            }
        }
        return out;
    }

    /** The fields whose values differ between two events (a different type: just {@code type}). */
    public static List<String> differing(SpecificRecord a, SpecificRecord b) {
        if (!a.getSchema().getFullName().equals(b.getSchema().getFullName())) {
            return List.of("type");
        }
        Map<String, Object> x = of(a);
        Map<String, Object> y = of(b);
        List<String> out = new ArrayList<>();
        x.forEach((field, value) -> {
            if (!Objects.equals(value, y.get(field))) {
                out.add(field);
            }
        });
        return out;
    }

    /**
     * What an event's content looks like, small enough to keep for every event of a large file: its type
     * and one hash per field of {@link #of}. Two events with different fingerprints differ; equal hashes
     * can, rarely, hide a difference (the processor still dead-letters such a conflicting duplicate).
     */
    public record Fingerprint(String type, int[] hashes) {

        public static Fingerprint of(SpecificRecord event) {
            return new Fingerprint(event.getSchema().getFullName(),
                    EventContent.of(event).values().stream().mapToInt(Objects::hashCode).toArray());
        }

        /** The fields in which {@code event} differs from the event of this fingerprint (a different type: just {@code type}). */
        public List<String> differing(SpecificRecord event) {
            if (!type.equals(event.getSchema().getFullName())) {
                return List.of("type");
            }
            List<String> out = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, Object> field : EventContent.of(event).entrySet()) {
                if (hashes[i++] != Objects.hashCode(field.getValue())) {
                    out.add(field.getKey());
                }
            }
            return out;
        }
    }
}
