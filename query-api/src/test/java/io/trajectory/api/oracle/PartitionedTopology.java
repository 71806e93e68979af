package io.trajectory.api.oracle;

import io.trajectory.api.AnalyticsQueries;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.processor.TopologyConfig;
import io.trajectory.processor.TrajectoryTopology;
import io.trajectory.processor.analytics.AnalyticsBuckets;
import io.trajectory.state.PersonSpells;
import io.trajectory.topics.Stores;
import io.trajectory.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The real topology, once per partition: one {@code TopologyTestDriver} per partition of
 * {@code career-events}, each record sent to the partition Kafka's default partitioner picks for its
 * key. The analytics stores of all of them answer as {@link AnalyticsQueries}, partition by partition,
 * like the application's interactive queries.
 */
public final class PartitionedTopology implements AnalyticsQueries, AutoCloseable {

    private final Topics topics = Topics.from(TrajectoryConfig.defaults());
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    private final List<TestInputTopic<byte[], byte[]>> inputs = new ArrayList<>();
    private final List<List<TestOutputTopic<byte[], byte[]>>> outputs = new ArrayList<>();
    private final List<TestOutputTopic<byte[], byte[]>> deadLetters = new ArrayList<>();
    private long sent;
    private final AtomicLong deadLettered = new AtomicLong();

    public PartitionedTopology(int partitions) {
        // a test driver reads every record from its partition 0, and each is fed only the records of its own
        // partition: each is a one-partition topology, whose records are all on their home partition
        TopologyConfig config = new TopologyConfig(topics, Organization.LADDER, TopologyConfig.StoreType.IN_MEMORY)
                .withCareerEventsPartitions(1);
        for (int p = 0; p < partitions; p++) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "oracle-" + p);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            TopologyTestDriver driver = new TopologyTestDriver(TrajectoryTopology.build(config), props);
            drivers.add(driver);
            inputs.add(driver.createInputTopic(topics.careerEventsRaw().name(), new ByteArraySerializer(), new ByteArraySerializer()));
            List<TestOutputTopic<byte[], byte[]>> published = new ArrayList<>();
            for (String topic : List.of(topics.personState().name(), topics.stageTransitions().name(),
                    changelog(p, Stores.PERSON_LEDGER), changelog(p, Stores.PEOPLE_INDEX),
                    changelog(p, Stores.ANALYTICS_BUCKETS))) {
                published.add(driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            }
            outputs.add(published);
            deadLetters.add(driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }
    }

    /** The changelog topic of a store: the test driver keeps what is written there too, until read. */
    private static String changelog(int partition, String store) {
        return "oracle-" + partition + "-" + store + "-changelog";
    }

    public int partitionOf(String personId) {
        return Utils.toPositive(Utils.murmur2(personId.getBytes(StandardCharsets.UTF_8))) % drivers.size();
    }

    /**
     * Sends every record, in order, to its partition's driver. The partitions are independent, as
     * the tasks of a Kafka Streams application are, so they are fed by parallel threads (each
     * partition by one thread, in arrival order).
     */
    public void sendAll(List<Organization.Arrival> arrivals) {
        List<List<Organization.Arrival>> byPartition = new ArrayList<>();
        for (int p = 0; p < drivers.size(); p++) {
            byPartition.add(new ArrayList<>());
        }
        for (Organization.Arrival a : arrivals) {
            byPartition.get(partitionOf(a.personId())).add(a);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(drivers.size(), Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < drivers.size(); p++) {
                int partition = p;
                done.add(pool.submit(() -> {
                    int n = 0;
                    for (Organization.Arrival a : byPartition.get(partition)) {
                        inputs.get(partition).pipeInput(a.personId().getBytes(StandardCharsets.UTF_8), a.payload());
                        if (++n % 5_000 == 0) {
                            drain(partition);
                        }
                    }
                    drain(partition);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        sent += arrivals.size();
    }

    /** Drops what a partition published (the test reads the stores), counting dead letters. */
    private void drain(int p) {
        for (TestOutputTopic<byte[], byte[]> out : outputs.get(p)) {
            out.readValuesToList();
        }
        deadLettered.addAndGet(deadLetters.get(p).readValuesToList().size());
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long sent() {
        return sent;
    }

    @Override
    public void stageSpells(String stage, PartitionScan scan) {
        String prefix = AnalyticsBuckets.stagePrefix(stage);
        for (int p = 0; p < drivers.size(); p++) {
            KeyValueStore<String, PersonSpells> store = drivers.get(p).getKeyValueStore(Stores.ANALYTICS_BUCKETS);
            try (KeyValueIterator<String, PersonSpells> it = store.range(prefix, AnalyticsBuckets.upperBound(prefix))) {
                scan.partition(p, values(it));
            }
        }
    }

    @Override
    public void everyonesSpells(PartitionScan scan) {
        for (int p = 0; p < drivers.size(); p++) {
            KeyValueStore<String, PersonSpells> store = drivers.get(p).getKeyValueStore(Stores.ANALYTICS_BUCKETS);
            try (KeyValueIterator<String, PersonSpells> it = store.all()) {
                scan.partition(p, AnalyticsBuckets.merge(values(it)).iterator());
            }
        }
    }

    /** The people of one partition (their ledgers). */
    public long people(int partition) {
        long n = 0;
        try (KeyValueIterator<String, Object> it = drivers.get(partition).<String, Object>getKeyValueStore(
                Stores.PERSON_LEDGER).all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static Iterator<PersonSpells> values(KeyValueIterator<String, PersonSpells> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public PersonSpells next() {
                KeyValue<String, PersonSpells> kv = it.next();
                return kv.value;
            }
        };
    }

    @Override
    public void close() {
        drivers.forEach(TopologyTestDriver::close);
    }
}
