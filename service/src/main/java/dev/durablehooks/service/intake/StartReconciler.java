package dev.durablehooks.service.intake;

import dev.durablehooks.durable.local.DurableExecutions;
import dev.durablehooks.durable.local.ExecutionAlreadyExistsException;
import dev.durablehooks.service.processor.WebhookInput;
import dev.durablehooks.service.store.PendingStart;
import dev.durablehooks.service.store.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Makes sure every STARTED record has its durable execution. Intake writes the record, then starts the execution;
 * a process that died in between leaves a record with no execution, which this pass starts (at startup, and
 * periodically for records older than a grace period, so it never races a request still in flight).
 */
public final class StartReconciler {
    private static final Logger log = LoggerFactory.getLogger(StartReconciler.class);
    private static final int PAGE = 500;

    private final WebhookStore store;
    private final DurableExecutions executions;
    private final Clock clock;

    public StartReconciler(WebhookStore store, DurableExecutions executions, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.executions = Objects.requireNonNull(executions, "executions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts the missing executions of STARTED records accepted at least {@code grace} ago; returns how many. */
    public int reconcile(Duration grace) {
        long upTo = clock.millis() - grace.toMillis();
        int started = 0;
        PendingStart after = null;
        while (true) {
            List<PendingStart> page = store.startedRecords(upTo, after, PAGE);
            for (PendingStart pending : page) {
                if (executions.describe(pending.token()).isPresent()) {
                    continue;
                }
                try {
                    if (executions.start(pending.token(), WebhookInput.json(pending.token(), pending.payloadJson())).created()) {
                        started++;
                    }
                } catch (ExecutionAlreadyExistsException e) {
                    log.warn("Execution {} exists with another input; leaving it as it is", pending.token());
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        if (started > 0) {
            log.info("Started {} executions whose records were stored but not started", started);
        }
        return started;
    }
}
