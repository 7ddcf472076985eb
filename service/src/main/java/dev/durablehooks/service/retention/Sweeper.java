package dev.durablehooks.service.retention;

import dev.durablehooks.durable.local.ExecutionStore;
import dev.durablehooks.service.store.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Deletes what has passed its retention: status records and dedup keys past their expiry, and finished durable
 * executions older than the retention (their records are gone, so nobody can ask for them).
 */
public final class Sweeper {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    private static final int BATCH = 1000;

    private final WebhookStore store;
    private final ExecutionStore executions;
    private final Clock clock;
    private final Duration retention;

    public Sweeper(WebhookStore store, ExecutionStore executions, Clock clock, Duration retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.executions = Objects.requireNonNull(executions, "executions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** One full pass; returns how many rows were deleted. */
    public int sweepOnce() {
        int total = 0;
        int deleted;
        do {
            deleted = store.sweepExpired(BATCH).join();
            total += deleted;
        } while (deleted > 0 && !Thread.currentThread().isInterrupted());
        total += executions.purgeFinishedBefore(clock.instant().minus(retention)).join();
        if (total > 0) {
            log.info("Retention sweep deleted {} expired rows", total);
        }
        return total;
    }
}
