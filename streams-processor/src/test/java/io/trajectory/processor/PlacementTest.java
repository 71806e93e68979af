package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The router's decision: is a record on the partition Java's producer would have picked for its key? */
class PlacementTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** librdkafka's default (consistent_random): CRC32 of the key bytes modulo the partition count. */
    private static int librdkafkaPartition(byte[] key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % partitions);
    }

    @Test
    void shouldPickTheSamePartitionAsJavasDefaultPartitioner() {
        for (int partitions : new int[] {1, 2, 3, 6, 12, 100}) {
            for (int i = 0; i < 2_000; i++) {
                byte[] key = utf8("person-" + i);
                assertThat(Placement.homePartition(key, partitions)).isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
            }
        }
    }

    @Test
    void shouldRerouteOnlyRecordsOffTheirHomePartition() {
        byte[] key = utf8("ann");
        int home = Placement.homePartition(key, 6);
        for (int p = 0; p < 6; p++) {
            assertThat(Placement.misplaced(key, p, 6)).as("partition %d", p).isEqualTo(p != home);
        }
        assertThat(Placement.misplaced(key, 0, 1)).isFalse();
    }

    @Test
    void shouldRerouteMostRecordsOfALibrdkafkaProducerWithItsDefaultPartitioner() {
        int misplaced = 0;
        for (int i = 0; i < 1_000; i++) {
            byte[] key = utf8("p" + i);
            if (Placement.misplaced(key, librdkafkaPartition(key, 6), 6)) {
                misplaced++;
            }
        }
        assertThat(misplaced).isBetween(750, 920);
    }

    @Test
    void shouldNeverRerouteARecordWithoutAKey() {
        for (int p = 0; p < 6; p++) {
            assertThat(Placement.misplaced(null, p, 6)).isFalse();
            assertThat(Placement.misplaced(new byte[0], p, 6)).isFalse();
        }
    }

    @Test
    void shouldCarryTheOriginInHeadersAndGiveBackTheProducersHeaders() {
        RecordHeaders original = new RecordHeaders();
        original.add("traceparent", utf8("00-abc-01"));
        // a producer cannot pass its own origin off as the router's: the reserved names are replaced
        original.add(Topics.REROUTE_SOURCE_OFFSET_HEADER, utf8("999"));

        var headers = Placement.rerouteHeaders(original, new Placement.Origin("career-events", 4, 17L));

        assertThat(Placement.rerouteOrigin(headers)).contains(new Placement.Origin("career-events", 4, 17L));
        assertThat(Placement.withoutRerouteHeaders(headers).toArray())
                .extracting(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("traceparent=00-abc-01");
        assertThat(original.toArray()).hasSize(2);
    }

    @Test
    void shouldFindNoOriginInHeadersWithoutOneOrWithAMalformedOne() {
        assertThat(Placement.rerouteOrigin(new RecordHeaders())).isEmpty();
        assertThat(Placement.rerouteOrigin(null)).isEmpty();
        RecordHeaders bad = new RecordHeaders();
        bad.add(Topics.REROUTE_SOURCE_TOPIC_HEADER, utf8("career-events"));
        bad.add(Topics.REROUTE_SOURCE_PARTITION_HEADER, utf8("four"));
        bad.add(Topics.REROUTE_SOURCE_OFFSET_HEADER, utf8("17"));
        assertThat(Placement.rerouteOrigin(bad)).isEmpty();
    }
}
