package io.trajectory.schemas;

import io.trajectory.events.EventHeader;
import org.apache.avro.specific.SpecificRecord;

/** Helpers over the generated event classes, which share the field {@code header} but no interface. */
public final class CareerEvents {

    private CareerEvents() {
    }

    /** The common envelope of any career event. */
    public static EventHeader header(SpecificRecord event) {
        var field = event.getSchema().getField("header");
        if (field == null) {
            throw new IllegalArgumentException("not a career event: " + event.getSchema().getFullName());
        }
        return (EventHeader) event.get(field.pos());
    }

    public static String eventId(SpecificRecord event) {
        return header(event).getEventId();
    }

    public static String personId(SpecificRecord event) {
        return header(event).getPersonId();
    }
}
