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

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The durable processor: validate → process → finalize, each a checkpointed step whose side effect is its status
 * write. Status writes only move forward, so replaying a step after a crash never moves a status back.
 * A step that fails for good leaves the webhook FAILED with the reason and that step as {@code currentStep}.
 */
public final class WebhookProcessor extends DurableHandler<WebhookInput, String> {
    public static final String VALIDATE = "validate";
    public static final String PROCESS = "process";
    public static final String FINALIZE = "finalize";

    private final WebhookStore store;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String version;
    private final Optional<Forwarder> forwarder;
    private final StepConfig processConfig;
    private final FaultInjector faults;
    private final StepTimings timings;
    private static final StepConfig NO_RETRY = StepConfig.builder().retryStrategy(RetryStrategies.Presets.NO_RETRY).build();
    /** Local status writes fail only when the store does; a few quick retries ride that out. */
    private static final StepConfig STORE_RETRY = StepConfig.builder()
            .retryStrategy(RetryStrategies.fixedDelay(5, Duration.ofSeconds(1))).build();

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
    public String handleRequest(WebhookInput input, DurableContext ctx) {
        String token = input.executionToken();
        JsonNode payload = input.payload();
        runStep(ctx, token, VALIDATE, Boolean.class, NO_RETRY, sc -> {
            store.advance(token, StatusUpdate.entering(WebhookStatus.VALIDATING, VALIDATE)).join();
            Optional<String> failure = WebhookRules.validationFailure(payload);
            if (failure.isPresent()) {
                store.advance(token, StatusUpdate.failed(VALIDATE, failure.get())).join();
                throw new ValidationFailedException(failure.get());
            }
            return Boolean.TRUE;
        });
        JsonNode result = runStep(ctx, token, PROCESS, JsonNode.class, processConfig, sc -> {
            store.advance(token, StatusUpdate.entering(WebhookStatus.PROCESSING, PROCESS)).join();
            JsonNode processed = WebhookRules.processResult(mapper, token, payload, clock.instant(), version);
            forwarder.ifPresent(f -> f.forward(token, payload.toString(), sc.getAttempt()));
            return processed;
        });
        runStep(ctx, token, FINALIZE, Boolean.class, STORE_RETRY, sc -> {
            store.advance(token, StatusUpdate.completed(FINALIZE, result.toString(), clock.instant().truncatedTo(ChronoUnit.MILLIS).toString())).join();
            return Boolean.TRUE;
        });
        timings.finished(WebhookStatus.COMPLETED.name());
        return WebhookStatus.COMPLETED.name();
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
            boolean changed = store.advance(token, StatusUpdate.failed(step, reason)).join();
            if (changed || ranAttempt[0] > 0) {
                timings.finished(WebhookStatus.FAILED.name());
            }
            throw new WebhookFailedException(step, reason, e);
        }
        if (ranAttempt[0] > 0) {
            // Only after a step that really ran here: a replayed step was acknowledged in an earlier life.
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
