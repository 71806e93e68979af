package io.trajectory.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start failures that are detected before Kafka itself runs (fast, no broker). */
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void aDataDirectoryCanBeLockedOnlyOnce() {
        EmbeddedKafkaBroker.DataDirLock lock = EmbeddedKafkaBroker.DataDirLock.acquire(dir);
        try {
            assertThatThrownBy(() -> EmbeddedKafkaBroker.DataDirLock.acquire(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already in use by another running broker")
                    .hasMessageContaining(dir.toString());
        } finally {
            lock.release();
            lock.release(); // idempotent
        }
        EmbeddedKafkaBroker.DataDirLock.acquire(dir).release();
    }

    @Test
    void aTakenPortFailsWithAClearMessageAndReleasesTheLock() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            BrokerSettings settings = BrokerSettings.forTests(dir).withPorts(taken.getLocalPort(), 0);

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
        // nothing was formatted, and the directory is free again
        assertThat(dir.resolve("kafka-logs/meta.properties")).doesNotExist();
        EmbeddedKafkaBroker.DataDirLock.acquire(dir).release();
    }
}
