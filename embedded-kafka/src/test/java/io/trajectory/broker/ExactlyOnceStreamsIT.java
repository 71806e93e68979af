package io.trajectory.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kafka Streams with {@code exactly_once_v2} (transactions, internal topics) runs against the embedded broker. */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ExactlyOnceStreamsIT {

    @TempDir
    Path dir;

    @Test
    void exactlyOnceV2StreamsAppCountsWithAutoTopicCreationDisabled() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.forTests(dir.resolve("kafka")))) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("words", 3, (short) 1), new NewTopic("counts", 3, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }

            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
                    // re-keying forces a repartition topic; count() a changelog topic: both made by Streams itself
                    .groupBy((k, v) -> v, Grouped.with(Serdes.String(), Serdes.String()))
                    .count()
                    .toStream()
                    .to("counts", Produced.with(Serdes.String(), Serdes.Long()));

            Properties sp = new Properties();
            sp.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-it");
            sp.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            sp.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            sp.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
            sp.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");

            try (KafkaStreams streams = new KafkaStreams(builder.build(), sp)) {
                streams.start();

                Properties pp = new Properties();
                pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                try (KafkaProducer<String, String> producer =
                             new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                    for (String w : List.of("promotion", "hire", "promotion", "promotion", "hire")) {
                        producer.send(new ProducerRecord<>("words", null, w));
                    }
                    producer.flush();
                }

                Map<String, Long> latest = readCounts(kafka, Map.of("promotion", 3L, "hire", 2L));
                assertThat(latest).containsEntry("promotion", 3L).containsEntry("hire", 2L);
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    /** Reads (read_committed, bounded by a deadline) until the latest counts equal {@code expected}. */
    private static Map<String, Long> readCounts(EmbeddedKafkaBroker kafka, Map<String, Long> expected) {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "eos-it-reader");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> latest = new HashMap<>();
        try (KafkaConsumer<String, Long> consumer =
                     new KafkaConsumer<>(cp, new StringDeserializer(), new LongDeserializer())) {
            consumer.subscribe(List.of("counts"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!latest.equals(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(500))) {
                    latest.put(r.key(), r.value());
                }
            }
        }
        return latest;
    }
}
