package dev.durablehooks.service.intake;

import dev.durablehooks.durable.local.DurableExecutions;
import dev.durablehooks.durable.local.ExecutionAlreadyExistsException;
import dev.durablehooks.durable.local.ExecutionStatus;
import dev.durablehooks.durable.local.ExecutionView;
import dev.durablehooks.service.processor.WebhookInput;
import dev.durablehooks.service.store.PendingStart;
import dev.durablehooks.service.store.Redrive;
import dev.durablehooks.service.store.StatusUpdate;
import dev.durablehooks.service.store.WebhookStatus;
import dev.durablehooks.service.store.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps status records and durable executions in step, so that every accepted webhook reaches a terminal status:
 * <ul>
 *   <li>a STARTED record without an execution (the process died between intake's record write and the start) gets
 *   its execution started;</li>
 *   <li>a record still unfinished whose execution has ended without the processor's terminal write landing gets
 *   it now: COMPLETED rebuilt from the execution's result if it succeeded, otherwise FAILED with its error (the
 *   engine gave up on it).</li>
 * </ul>
 * Runs at startup and periodically, only over records older than a grace period, so it never races a request or
 * an invocation still in flight.
 */
public final class StartReconciler {
    private static final Logger log = LoggerFactory.getLogger(StartReconciler.class);
    private static final int PAGE = 500;
    private static final List<WebhookStatus> UNFINISHED =
            List.of(WebhookStatus.STARTED, WebhookStatus.VALIDATING, WebhookStatus.PROCESSING);

    private final WebhookStore store;
    private final DurableExecutions executions;
    private final Clock clock;
    private final CompletionRebuilder completion;

    /** Rebuilds the COMPLETED update of a record from its execution's result; empty if the result cannot tell. */
    @FunctionalInterface
    public interface CompletionRebuilder {
        CompletionRebuilder NONE = (record, resultJson) -> Optional.empty();

        Optional<StatusUpdate> rebuild(PendingStart record, String executionResultJson);
    }

    public StartReconciler(WebhookStore store, DurableExecutions executions, Clock clock, CompletionRebuilder completion) {
        this.store = Objects.requireNonNull(store, "store");
        this.executions = Objects.requireNonNull(executions, "executions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.completion = Objects.requireNonNull(completion, "completion");
    }

    /** One pass over records accepted at least {@code grace} ago; returns how many records it repaired. */
    public int reconcile(Duration grace) {
        return reconcileAcceptedUpTo(clock.instant().minus(grace));
    }

    /** One pass over records accepted at or before {@code upTo}; returns how many records it repaired. */
    public int reconcileAcceptedUpTo(Instant upTo) {
        long upToMillis = upTo.toEpochMilli();
        int repaired = 0;
        for (WebhookStatus status : UNFINISHED) {
            PendingStart after = null;
            while (true) {
                List<PendingStart> page = store.unfinishedRecords(status, upToMillis, after, PAGE);
                for (PendingStart record : page) {
                    if (repair(record)) {
                        repaired++;
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
        }
        if (repaired > 0) {
            log.info("Reconciliation repaired {} records (missing executions started, abandoned ones failed)", repaired);
        }
        return repaired;
    }

    private boolean repair(PendingStart record) {
        Optional<Redrive> redrive = record.status() == WebhookStatus.STARTED ? Optional.empty() : store.redrive(record.token());
        String name = redrive.map(Redrive::executionName).orElse(record.token());
        Optional<ExecutionView> execution = executions.describe(name);
        if (execution.isEmpty()) {
            if (record.status() != WebhookStatus.STARTED && redrive.isEmpty()) {
                return false; // a record that moved on had an execution; it was purged, nothing to run
            }
            String input = redrive.map(Redrive::inputJson).orElseGet(() -> WebhookInput.json(record.token(), record.payloadJson()));
            try {
                return executions.start(name, input).created();
            } catch (ExecutionAlreadyExistsException e) {
                log.warn("Execution {} exists with another input; leaving it as it is", record.token());
                return false;
            }
        }
        ExecutionView view = execution.get();
        if (view.status() == ExecutionStatus.RUNNING) {
            return false;
        }
        if (view.status() == ExecutionStatus.SUCCEEDED) {
            Optional<StatusUpdate> completed = completion.rebuild(record, view.result());
            if (completed.isPresent()) {
                return store.advance(record.token(), completed.get()).join();
            }
        }
        String reason = view.error() != null && view.error().errorMessage() != null
                ? "Execution " + view.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + view.error().errorMessage()
                : "Execution ended as " + view.status() + " without a result";
        String step = record.currentStep().equals("unknown") ? "validate" : record.currentStep();
        return store.advance(record.token(), StatusUpdate.failed(step, reason)).join();
    }
}
