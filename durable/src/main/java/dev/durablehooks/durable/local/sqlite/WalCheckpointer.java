package dev.durablehooks.durable.local.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Copies the WAL back into the database file on its own thread and connection ({@code PRAGMA wal_checkpoint(PASSIVE)},
 * which waits for neither readers nor the writer), so that the writer's commits rarely stop for a checkpoint. With
 * only SQLite's automatic checkpoint, the commit that crossed the threshold also copied several hundred pages and
 * fsync'd the database file, holding up every write queued behind it for milliseconds (about 1% of the time at
 * 2,000 webhooks/s: the ack latency's 99th percentile). The writer keeps its automatic checkpoint, which then finds
 * (almost) nothing left to copy, because only a checkpoint between two writes lets the WAL start over.
 *
 * <p>Each checkpoint still ends with an fsync of the database file, and a commit's fsync issued meanwhile waits for
 * the device to take it: the more a checkpoint copied, the longer. Measured at 2,000 webhooks/s with a checkpoint
 * every 100 ms (plus its ~35 ms run): one commit of ~7 ms per checkpoint, like clockwork. Every 20 ms, the ack p99
 * went from 10-14 ms to 8-9 ms (Gatling) at no cost in saturation throughput. Measured again with a lighter load
 * generator (service/bench/ack-latency.sh), the ack p99 kept falling with the interval: 50 ms 7.1-8.4, 20 ms
 * 5.4-7.4, 10 ms 4.1-5.9, 5 ms 3.4-6.7 ms; bursts at saturation were no slower at 10 ms than at 20 (within the
 * noise), while 5 ms took a little more CPU per webhook (and cost 7 % of the throughput in an earlier build).
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Path file;
    private final Connection connection;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean closed;

    WalCheckpointer(Path file, Connection connection, Duration interval) {
        this.file = file;
        this.connection = connection;
        this.interval = interval;
        this.thread = Thread.ofPlatform().name("sqlite-checkpointer-" + file.getFileName()).daemon(true)
                .unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            try {
                checkpoint();
            } catch (SQLException e) {
                // Not fatal: the WAL just grows until the next attempt succeeds.
                log.warn("WAL checkpoint of {} failed (will retry): {}", file, e.getMessage());
            }
        }
    }

    private void checkpoint() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the checkpointer connection failed", e);
        }
    }
}
