package io.trajectory.app.bench;

import io.trajectory.events.EventHeader;
import io.trajectory.events.ProjectDelivered;
import io.trajectory.schemas.Codecs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Background writes during the freshness probes: valid, in-order {@code ProjectDelivered} events for
 * the even-numbered people (the probes use the odd ones, so a background event never hides a probe),
 * at a fixed rate, straight to {@code career-events}.
 */
final class BackgroundWriter implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private final KafkaProducer<byte[], byte[]> producer;

    BackgroundWriter(String bootstrapServers, Map<String, String> overrides, String topic, int people, int perSecond,
            long seed) {
        Map<String, Object> props = RawKafka.producerProps(bootstrapServers, overrides);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-background-writer");
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        int evenPeople = Math.max(1, (people + 1) / 2);
        thread = new Thread(() -> {
            Random random = new Random(seed);
            long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
            long start = System.nanoTime();
            for (long i = 0; !stop.get(); i++) {
                long due = start + i * interval;
                for (long wait = due - System.nanoTime(); wait > 0 && !stop.get(); wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                String personId = Workload.personId(2 * random.nextInt(evenPeople));
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                EventHeader header = new EventHeader(new UUID(random.nextLong(), random.nextLong()).toString(), personId,
                        now, now, "bench/background");
                byte[] value = Codecs.events().encode(new ProjectDelivered(header, "bg-" + i, "Background program " + i, false));
                producer.send(new ProducerRecord<>(topic, Workload.utf8(personId), value));
                sent.incrementAndGet();
            }
        }, "bench-background-writer");
        thread.setDaemon(true);
    }

    BackgroundWriter start() {
        thread.start();
        return this;
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
