package io.trajectory.processor;

import io.trajectory.ladder.Ladder;
import io.trajectory.processor.analytics.LedgerChange;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.processor.fold.StageTransitions;
import io.trajectory.schemas.CareerEvents;
import io.trajectory.schemas.CodecException;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import io.trajectory.state.PersonState;
import io.trajectory.state.StageTransition;
import io.trajectory.topics.Stores;
import io.trajectory.validation.Characters;
import io.trajectory.validation.EventValidator;
import io.trajectory.validation.Violation;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decide, then evolve: decodes and validates each raw career-event record; rejected records go to
 * the dead-letter sink unchanged with reason headers; duplicates are dropped; the rest are folded
 * into the person's ledger, and the new state is forwarded to the person-state sink (and the ledger change to the
 * analytics processor). The decoded ledgers of recently seen people are kept in a {@link LedgerCache}.
 */
final class CareerEventProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(CareerEventProcessor.class);

    /** Dead-letter reason codes (header {@code trajectory.dlq.reason}), beside {@link CodecException.Reason}. */
    static final String MISSING_KEY = "missing-key";
    static final String MISSING_VALUE = "missing-value";
    static final String KEY_MISMATCH = "key-mismatch";
    static final String INVALID_EVENT = "invalid-event";
    static final String CONFLICTING_DUPLICATE = "conflicting-duplicate";
    static final String FOLD_ERROR = "fold-error";

    private final Ladder ladder;
    private final EventValidator validator;
    private final LedgerCache cache;
    /** The input topic: a record read from any other (the re-route topic) says in its headers where it was first read. */
    private final String careerEventsTopic;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PersonLedger> store;
    private KeyValueStore<String, String> index;
    /** Dead-lettered records per reason: Kafka Streams metrics, so they reach /metrics with the rest. */
    private final Map<String, Sensor> deadLetterSensors = new HashMap<>();

    /**
     * @param ledgerCacheBytes estimated heap of this task's {@link LedgerCache}; 0 disables it
     * @param careerEventsTopic the name of {@code career-events}
     */
    CareerEventProcessor(Ladder ladder, long ledgerCacheBytes, String careerEventsTopic) {
        this.ladder = ladder;
        this.careerEventsTopic = careerEventsTopic;
        this.validator = new EventValidator(ladder);
        this.cache = new LedgerCache(ledgerCacheBytes);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        // Streams calls init again when it revives a task whose state it wiped and restored (exactly-once
        // abort): nothing decoded before may survive that
        cache.clear();
        this.context = context;
        this.store = context.getStateStore(Stores.PERSON_LEDGER);
        this.index = context.getStateStore(Stores.PEOPLE_INDEX);
    }

    /** Log fields (MDC) of the record being processed; structured log lines carry them. */
    static final String MDC_EVENT_ID = "eventId";
    static final String MDC_PERSON_ID = "personId";

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            handle(record);
        } finally {
            MDC.remove(MDC_EVENT_ID);
            MDC.remove(MDC_PERSON_ID);
        }
    }

    private void handle(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            deadLetter(record, MISSING_KEY, "record has no key; the key must be the personId");
            return;
        }
        if (record.value() == null) {
            deadLetter(record, MISSING_VALUE, "record has no value (tombstones are not events)");
            return;
        }
        String key;
        try {
            key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(record.key())).toString();
        } catch (CharacterCodingException e) {
            deadLetter(record, KEY_MISMATCH, "record key is not valid UTF-8");
            return;
        }
        SpecificRecord event;
        try {
            event = Codecs.events().decode(record.value());
        } catch (CodecException e) {
            deadLetter(record, e.reason().code(), e.getMessage());
            return;
        }
        Optional<String> notUtf8 = undecodableString(event, record.value());
        if (notUtf8.isPresent()) {
            deadLetter(record, CodecException.Reason.MALFORMED_BODY.code(), notUtf8.get() + ": is not valid UTF-8"
                    + " (Avro strings are UTF-8; the decoder would have replaced the bytes with U+FFFD): refused, not altered");
            return;
        }
        MDC.put(MDC_EVENT_ID, Characters.escape(CareerEvents.eventId(event)));
        MDC.put(MDC_PERSON_ID, Characters.escape(CareerEvents.personId(event)));
        List<Violation> violations;
        try {
            violations = new ArrayList<>(validator.validate(event));
        } catch (RuntimeException e) {
            // a bug in a rule must not stop the partition either; the record is kept for replay
            LOG.error("validation failed for a record of key {}", key, e);
            deadLetter(record, FOLD_ERROR, "validation failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        recordedAfterWritten(event, record.timestamp()).ifPresent(violations::add);
        if (!violations.isEmpty()) {
            deadLetter(record, INVALID_EVENT, violations.stream().map(Violation::toString)
                    .collect(Collectors.joining("; ")));
            return;
        }
        String personId = CareerEvents.personId(event);
        if (!personId.equals(key)) {
            deadLetter(record, KEY_MISMATCH, "record key '" + Characters.excerpt(key) + "' differs from the event's personId '"
                    + Characters.excerpt(personId) + "'; the key must be the personId so a person's events share a partition");
            return;
        }

        PersonLedger before = cache.get(personId);
        if (before == null) {
            before = store.get(personId);
        }
        Ledger.Outcome outcome;
        try {
            outcome = Ledger.accept(before, event, record.value(), ladder);
        } catch (RuntimeException e) {
            // A bug in the fold must not stop the partition; the record is kept for replay.
            LOG.error("fold failed for event {} of person {}", CareerEvents.eventId(event), personId, e);
            deadLetter(record, FOLD_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (outcome instanceof Ledger.Outcome.Accepted accepted) {
            store.put(personId, accepted.ledger());
            cache.put(personId, accepted.ledger());
            PersonState state = accepted.ledger().getState();
            PersonState previous = before == null ? null : before.getState();
            if (PeopleIndex.moved(previous, state)) {
                if (previous != null) {
                    index.delete(PeopleIndex.key(previous));
                }
                index.put(PeopleIndex.key(state), personId);
            }
            context.forward(new Record<Object, Object>(personId, state, record.timestamp()), TrajectoryTopology.PERSON_STATE_SINK);
            context.forward(new Record<Object, Object>(personId,
                    new LedgerChange(before, accepted.ledger(), event, accepted.refolded()), record.timestamp()),
                    TrajectoryTopology.ANALYTICS);
            for (StageTransition t : StageTransitions.changes(previous, state,
                    CareerEvents.header(event).getRecordedAt())) {
                context.forward(new Record<Object, Object>(t.getTransitionId(), t, record.timestamp()),
                        TrajectoryTopology.STAGE_TRANSITIONS_SINK);
            }
        } else if (outcome instanceof Ledger.Outcome.Conflict conflict) {
            deadLetter(record, CONFLICTING_DUPLICATE, conflict.detail());
        } else {
            LOG.debug("duplicate event {} of person {} ignored", CareerEvents.eventId(event), personId);
        }
    }

    @Override
    public void close() {
        if (cache.hits() + cache.misses() > 0) {
            LOG.info("person-ledger cache of task {}: {} hits, {} misses, {} people ({} bytes estimated) at close",
                    context == null ? "?" : context.taskId(), cache.hits(), cache.misses(), cache.size(), cache.bytes());
        }
        cache.clear();
    }

    /**
     * The field of the first string of {@code event} that was not valid UTF-8 in {@code payload}, if any.
     * Avro's decoder turns bytes that are not UTF-8 (a stray 0xFF, a surrogate encoded on its own) into
     * U+FFFD without a word; such a string holds U+FFFD and the event no longer re-encodes to the bytes
     * received. Only events holding U+FFFD are re-encoded, so the usual event costs a scan of its strings.
     */
    static Optional<String> undecodableString(SpecificRecord event, byte[] payload) {
        Optional<String> field = firstReplaced(event, "");
        if (field.isEmpty() || java.util.Arrays.equals(Codecs.events().encode(event), payload)) {
            return Optional.empty(); // no U+FFFD, or one that was sent as such (EF BF BD)
        }
        return field;
    }

    private static Optional<String> firstReplaced(SpecificRecord record, String prefix) {
        for (org.apache.avro.Schema.Field f : record.getSchema().getFields()) {
            Object value = record.get(f.pos());
            String name = prefix.isEmpty() && f.name().equals("header") ? "" : prefix + f.name();
            Optional<String> found = replaced(value, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> replaced(Object value, String name) {
        if (value instanceof CharSequence text) {
            return text.toString().indexOf('\uFFFD') >= 0 ? Optional.of(cloudEventsName(name)) : Optional.empty();
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<String> found = replaced(list.get(i), name + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (value instanceof SpecificRecord nested) {
            return firstReplaced(nested, name.isEmpty() ? "" : name + ".");
        }
        return Optional.empty();
    }

    /** {@code eventId} → {@code id}, {@code personId} → {@code subject}, a data field → {@code data.<name>}. */
    private static String cloudEventsName(String avroPath) {
        return switch (avroPath) {
            case "eventId" -> "id";
            case "personId" -> "subject";
            case "source" -> "source";
            default -> "data." + avroPath;
        };
    }

    /**
     * An event cannot have been recorded (much) after its record was written to Kafka: a recordedAt
     * further than {@link EventValidator#MAX_FUTURE_SKEW} after the record's timestamp is a date in
     * the future, which the clock-free validator cannot see. The timestamp is in the log, so a replay
     * decides the same. Records without a timestamp (negative) are not checked.
     */
    static Optional<Violation> recordedAfterWritten(SpecificRecord event, long recordTimestamp) {
        Instant recorded = CareerEvents.header(event).getRecordedAt();
        if (recordTimestamp < 0 || recorded == null) {
            return Optional.empty();
        }
        Instant written = Instant.ofEpochMilli(recordTimestamp);
        if (recorded.isAfter(written.plus(EventValidator.MAX_FUTURE_SKEW))) {
            return Optional.of(new Violation("recordedAt", "is in the future: " + recorded + " is more than "
                    + EventValidator.MAX_FUTURE_SKEW.toHours() + " h after the record was written to Kafka (" + written + ")"));
        }
        return Optional.empty();
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String detail) {
        Placement.Origin origin = origin(record);
        LOG.warn("dead-lettered record {}-{}@{}: {} ({})", origin.topic(), origin.partition(), origin.offset(), reason, detail);
        deadLetterSensors.computeIfAbsent(reason, r -> context.metrics().addRateTotalSensor(
                "dead-letter", r, "records", Sensor.RecordingLevel.INFO)).record();
        // a re-routed record leaves as it was first written: its producer's headers, where it was first read
        Record<Object, Object> out = new Record<>(record.key(), record.value(), record.timestamp(),
                DeadLetter.headers(Placement.withoutRerouteHeaders(record.headers()), reason, detail,
                        origin.topic(), origin.partition(), origin.offset()));
        context.forward(out, TrajectoryTopology.DLQ_SINK);
    }

    /**
     * Where the record was first read: its own topic, partition and offset, or, for a record read from
     * the re-route topic (which only the router writes), those the router put in its headers.
     */
    private Placement.Origin origin(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        Placement.Origin read = new Placement.Origin(topic, partition, offset);
        return topic.equals(careerEventsTopic) ? read : Placement.rerouteOrigin(record.headers()).orElse(read);
    }
}
