package io.trajectory.producer.cloudevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trajectory.events.EventHeader;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The reverse of {@link CloudEventMapper}: a career event as a CloudEvents 1.0 structured JSON
 * object. For every valid event {@code e}, {@code mapper.map(toCloudEvent(e), 0).event()} equals
 * {@code e}.
 */
public final class CloudEventJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CloudEventJson() {
    }

    public static ObjectNode toCloudEvent(SpecificRecord event) {
        EventType type = EventType.of(event);
        EventHeader header = CareerEvents.header(event);
        ObjectNode ce = NODES.objectNode();
        ce.put("specversion", CloudEventMapper.SPEC_VERSION);
        ce.put("id", header.getEventId());
        ce.put("source", header.getSource());
        ce.put("type", type.cloudEventType());
        ce.put("subject", header.getPersonId());
        ce.put("time", format(header.getOccurredAt()));
        ce.put(CloudEventMapper.RECORDED_AT, format(header.getRecordedAt()));
        ce.put("datacontenttype", CloudEventMapper.CONTENT_TYPE_JSON);
        ObjectNode data = ce.putObject("data");
        for (DataFields.Field field : DataFields.of(type)) {
            Object value = event.get(event.getSchema().getField(field.name()).pos());
            if (value == null) {
                continue;
            }
            switch (field.kind()) {
                case TEXT -> data.put(field.name(), (String) value);
                case INT -> data.put(field.name(), (Integer) value);
                case DECIMAL2 -> data.set(field.name(), DecimalNode.valueOf((BigDecimal) value));
                case BOOLEAN -> data.put(field.name(), (Boolean) value);
                case TEXT_ARRAY -> {
                    ArrayNode array = data.putArray(field.name());
                    ((List<?>) value).forEach(item -> array.add(String.valueOf(item)));
                }
                case RELATIONSHIP_KIND -> data.put(field.name(), DataFields.jsonName((Enum<?>) value));
                default -> throw new IllegalStateException("unhandled kind " + field.kind());
            }
        }
        return ce;
    }

    /** The CloudEvent as compact JSON text (one line, as in JSON-lines files). */
    public static String toJson(SpecificRecord event) {
        return write(toCloudEvent(event), false);
    }

    /** The CloudEvent as indented JSON text. */
    public static String toPrettyJson(SpecificRecord event) {
        return write(toCloudEvent(event), true);
    }

    private static String write(ObjectNode node, boolean pretty) {
        try {
            return pretty ? StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node)
                    : StrictJson.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** RFC 3339 in UTC, e.g. {@code 2024-03-01T09:00:00Z} or {@code 2024-03-01T09:00:00.250Z}. */
    static String format(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
