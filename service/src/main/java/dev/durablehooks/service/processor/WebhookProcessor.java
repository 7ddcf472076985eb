package dev.durablehooks.service.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.durable.config.StepConfig;
import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.context.StepContext;
import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.exception.DurableExecutionException;
import dev.durablehooks.durable.exception.StepFailedException;
import dev.durablehooks.durable.exception.StepInterruptedException;
import dev.durablehooks.durable.execution.DurableConfig;
import dev.durablehooks.durable.execution.DurableHandler;
import dev.durablehooks.durable.retry.RetryStrategies;
import dev.durablehooks.durable.retry.RetryStrategy;
import dev.durablehooks.durable.serde.JacksonSerDes;
import dev.durablehooks.service.chaos.FaultInjector;
import dev.durablehooks.service.chaos.FaultPhase;
import dev.durablehooks.service.forward.Forwarder;
import dev.durablehooks.service.payload.WebhookRules;
import dev.durablehooks.service.store.StatusUpdate;
import dev.durablehooks.service.store.WebhookStatus;
import dev.durablehooks.service.store.WebhookStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The durable processor: validate → process → finalize, each a checkpointed step. validate and process write
 * their status (VALIDATING, PROCESSING) as their side effect; the terminal status (COMPLETED with the result and
 * completedAt that finalize checkpointed, or FAILED with the reason and the failing step as {@code currentStep}) is
 * written right after the deciding step's checkpoint, so that a reader who sees a terminal status also sees the
 * whole step history. Status writes only move forward, so a replay after a crash never moves a status back, and
 * repeating the terminal write on replay changes nothing.
 */
public final class WebhookProcessor extends DurableHandler<WebhookInput, WebhookProcessor.Completion> {
    public static final String VALIDATE = "validate";
    public static final String PROCESS = "process";
    public static final String FINALIZE = "finalize";

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);

    private final WebhookStore store;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String version;
    private final Optional<Forwarder> forwarder;
    private final StepConfig processConfig;
    private final FaultInjector faults;
    private final StepTimings timings;
    private static final StepConfig NO_RETRY = StepConfig.builder().retryStrategy(RetryStrategies.Presets.NO_RETRY).build();

    public WebhookProcessor(WebhookStore store, ObjectMapper mapper, Clock clock, String version,
                            Optional<Forwarder> forwarder, RetryStrategy processRetry, FaultInjector faults,
                            StepTimings timings) {
        this.store = Objects.requireNonNull(store, "store");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.version = Objects.requireNonNull(version, "version");
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.processConfig = StepConfig.builder().retryStrategy(Objects.requireNonNull(processRetry, "processRetry")).build();
        this.faults = Objects.requireNonNull(faults, "faults");
        this.timings = Objects.requireNonNull(timings, "timings");
    }

    @Override
    protected DurableConfig createConfiguration() {
        return DurableConfig.builder().withSerDes(new JacksonSerDes(mapper)).build();
    }

    @Override
    public Completion handleRequest(WebhookInput input, DurableContext ctx) {
        String token = input.executionToken();
        JsonNode payload = input.payload();
        WebhookInput.Resume resume = input.resume();
        if (resume == null || !resume.validated()) {
            runStep(ctx, token, VALIDATE, Boolean.class, NO_RETRY, sc -> {
                write(token, StatusUpdate.entering(WebhookStatus.VALIDATING, VALIDATE));
                Optional<String> failure = WebhookRules.validationFailure(payload);
                if (failure.isPresent()) {
                    throw new ValidationFailedException(failure.get());
                }
                return Boolean.TRUE;
            });
        }
        // The step checkpoints only its processing time: the result is rebuilt from it, token and payload
        // (deterministically), so that no payload size can push a checkpoint over the engine's per-step limit.
        Instant processedAt;
        if (resume != null && resume.processedAt() != null) {
            processedAt = Instant.parse(resume.processedAt());
        } else {
            Instant[] ranAt = {null};
            String checkpointed = runStep(ctx, token, PROCESS, String.class, processConfig, sc -> {
                write(token, StatusUpdate.entering(WebhookStatus.PROCESSING, PROCESS));
                Instant at = clock.instant();
                forwarder.ifPresent(f -> {
                    // Nothing leaves the process ahead of the state that led to it. (At-least-once does not need
                    // it: the intake record is durable before the execution starts, and a lost validate checkpoint
                    // only makes validate run again; the rule is kept simple at one commit wait per forward.)
                    awaitDurable();
                    f.forward(token, json(payload), sc.getAttempt());
                });
                ranAt[0] = at;
                return at.toString();
            });
            // The instant itself when the step ran here (parsing it back was ~1 % of the CPU per webhook); a replayed
            // step's comes from its checkpoint.
            processedAt = ranAt[0] != null ? ranAt[0] : Instant.parse(checkpointed);
        }
        JsonNode result = result(token, payload, processedAt);
        String completedAt = runStep(ctx, token, FINALIZE, String.class, NO_RETRY, sc ->
                clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        // The terminal write follows the step's checkpoint (see the class comment); it is repeated, harmlessly, on
        // every replay until the execution ends.
        write(token, StatusUpdate.completed(FINALIZE, json(result), completedAt));
        return new Completion(processedAt.toString(), completedAt);
    }

    /**
     * The execution's result: enough to rebuild the COMPLETED record (the result is a function of token, payload
     * and processedAt), should the status write itself have been lost while the execution's completion was not.
     */
    public record Completion(String processedAt, String completedAt) {
    }

    /** The seed's result for a completed webhook, rebuilt the way the process step builds it. */
    public JsonNode result(String token, JsonNode payload, Instant processedAt) {
        return WebhookRules.processResult(mapper, token, payload, processedAt, version);
    }

    /**
     * Queues a status write without waiting for its commit. This is safe because the database has one writer that
     * commits queued work in order: the write lands in the same transaction as the checkpoint (or the execution's
     * completion) that follows it, or in an earlier one; a crash that loses it loses that checkpoint too, so the
     * step runs again and writes it again. Not waiting saves one commit round trip per step.
     */
    private void write(String token, StatusUpdate update) {
        var written = store.advance(token, update).whenComplete((changed, failure) -> {
            if (failure != null) {
                log.warn("Status write {} for {} failed: {}", update.status(), token, failure.toString());
            } else if (changed && update.status().isTerminal()) {
                timings.finished(update.status().name());
            }
        });
        if (faults.enabled()) {
            // With fault injection on, "after the side effect" must mean the write is on disk.
            written.join();
        }
    }

    /**
     * Through the service's mapper rather than {@code JsonNode.toString()}: that one uses Jackson's internal mapper,
     * whose per-thread buffers are never reused on virtual threads (it was the largest allocation per webhook).
     */
    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written: " + e.getOriginalMessage(), e);
        }
    }

    private void awaitDurable() {
        store.awaitDurable().join();
    }

    /**
     * Runs one step with the fault hooks around its work; if it fails for good, records FAILED (idempotent, so it
     * is safe to repeat on every replay of the failed step) and fails the execution.
     */
    private <T> T runStep(DurableContext ctx, String token, String step, Class<T> type, StepConfig config,
                          Function<StepContext, T> work) {
        int[] ranAttempt = {0};
        T value;
        try {
            value = ctx.step(step, type, sc -> {
                ranAttempt[0] = sc.getAttempt();
                faults.at(step, FaultPhase.BEFORE_SIDE_EFFECT, token, sc.getAttempt());
                long started = System.nanoTime();
                boolean ok = false;
                try {
                    T out = work.apply(sc);
                    ok = true;
                    return out;
                } finally {
                    timings.stepRan(step, Duration.ofNanos(System.nanoTime() - started), ok);
                    if (ok) {
                        faults.at(step, FaultPhase.AFTER_SIDE_EFFECT, token, sc.getAttempt());
                    }
                }
            }, config);
        } catch (RuntimeException e) {
            if (isEngineFailure(e)) {
                throw e;
            }
            String reason = reason(e);
            write(token, StatusUpdate.failed(step, reason));
            throw new WebhookFailedException(step, reason, e);
        }
        if (ranAttempt[0] > 0 && faults.enabled()) {
            // Only after a step that really ran here: a replayed step was acknowledged in an earlier life. The engine
            // acknowledges a checkpoint once queued, so "after the checkpoint" first waits for it to be on disk.
            awaitDurable();
            faults.at(step, FaultPhase.AFTER_CHECKPOINT, token, ranAttempt[0]);
        }
        return value;
    }

    /**
     * Engine and service trouble (a refused checkpoint, non-determinism) is not the step's verdict on the webhook:
     * it must not mark the webhook FAILED; the invocation is abandoned and retried instead.
     */
    private static boolean isEngineFailure(RuntimeException e) {
        if (e instanceof DurableServiceException) {
            return true;
        }
        return e instanceof DurableExecutionException
                && !(e instanceof StepFailedException) && !(e instanceof StepInterruptedException);
    }

    /** The error as the user should read it: the step's own message, not the engine's wrapping. */
    static String reason(RuntimeException e) {
        if (e instanceof StepFailedException failed && failed.error().errorMessage() != null) {
            return failed.error().errorMessage();
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    /** Fails the durable execution after the webhook was marked FAILED. */
    public static final class WebhookFailedException extends RuntimeException {
        public WebhookFailedException(String step, String reason, Throwable cause) {
            super("Step " + step + " failed: " + reason, cause);
        }
    }
}
