package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.config.StepConfig;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.retry.RetryStrategies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.durablehooks.durable.execution.TestHandlers.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class RetryTest {
    static final StepConfig THREE_TRIES_TWO_SECONDS_APART =
            StepConfig.builder().retryStrategy(RetryStrategies.fixedDelay(3, Duration.ofSeconds(2))).build();

    /** Fails until attempt {@code succeedOn}; records every attempt number it sees. */
    static DurableHandler<Void, String> flaky(List<Integer> attempts, int succeedOn) {
        return handler(Void.class, (in, ctx) -> ctx.step("call", String.class, s -> {
            attempts.add(s.getAttempt());
            if (s.getAttempt() < succeedOn) {
                throw new IllegalStateException("downstream unavailable (attempt " + s.getAttempt() + ")");
            }
            return "ok on " + s.getAttempt();
        }, THREE_TRIES_TWO_SECONDS_APART));
    }

    @Test
    void aFailedAttemptIsCheckpointedAsRetryWithItsErrorAndDelayAndTheInvocationSuspends() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<Integer> attempts = new ArrayList<>();

        InvocationOutput output = flaky(attempts, 2).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.PENDING, output.status());
        assertEquals(List.of(1), attempts);
        OperationUpdate retry = service.requests().getLast().getLast();
        assertEquals(OperationAction.RETRY, retry.action());
        assertEquals(2, retry.stepOptions().nextAttemptDelaySeconds());
        assertEquals(IllegalStateException.class.getName(), retry.error().errorType());
        assertEquals("downstream unavailable (attempt 1)", retry.error().errorMessage());
        assertEquals(OperationStatus.PENDING, service.operation("call").status());
    }

    @Test
    void theNextInvocationAfterTheDelayRunsTheNextAttempt() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<Integer> attempts = new ArrayList<>();
        DurableHandler<Void, String> handler = flaky(attempts, 2);
        handler.handle(service.nextInvocation(), service);
        service.advanceTime(Duration.ofSeconds(2));

        InvocationOutput output = handler.handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.SUCCEEDED, output.status());
        assertEquals("\"ok on 2\"", output.result());
        assertEquals(List.of(1, 2), attempts);
        assertEquals(2, service.operation("call").stepDetails().attempt());
    }

    @Test
    void aStepWaitingForItsRetryTimeSuspendsAgainWithoutRunning() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<Integer> attempts = new ArrayList<>();
        DurableHandler<Void, String> handler = flaky(attempts, 2);
        handler.handle(service.nextInvocation(), service);

        InvocationOutput early = handler.handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.PENDING, early.status());
        assertEquals(List.of(1), attempts);
    }

    @Test
    void whenRetriesAreUsedUpTheStepFailsAndTheExecutionFailsWithTheOriginalError() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<Integer> attempts = new ArrayList<>();
        DurableHandler<Void, String> handler = flaky(attempts, 99);
        InvocationOutput output = handler.handle(service.nextInvocation(), service);
        for (int i = 0; i < 5 && output.status() == InvocationStatus.PENDING; i++) {
            service.advanceTime(Duration.ofSeconds(2));
            output = handler.handle(service.nextInvocation(), service);
        }

        assertEquals(List.of(1, 2, 3), attempts);
        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(IllegalStateException.class.getName(), output.error().errorType());
        assertEquals("downstream unavailable (attempt 3)", output.error().errorMessage());
        assertEquals(OperationStatus.FAILED, service.operation("call").status());
        assertEquals(OperationAction.FAIL, service.requests().getLast().getLast().action());
    }

    @Test
    void noRetryFailsTheStepOnTheFirstError() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        StepConfig noRetry = StepConfig.builder().retryStrategy(RetryStrategies.Presets.NO_RETRY).build();
        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("once", String.class, s -> {
            throw new IllegalArgumentException("bad input");
        }, noRetry)).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(IllegalArgumentException.class.getName(), output.error().errorType());
        assertEquals(1, service.operation("once").stepDetails().attempt());
    }

    @Test
    void theRetryStrategySeesTheErrorAndTheOneBasedAttemptThatFailed() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<String> seen = new ArrayList<>();
        StepConfig recording = StepConfig.builder().retryStrategy((error, attempt) -> {
            seen.add(error.getMessage() + "@" + attempt);
            return RetryStrategies.Presets.NO_RETRY.decide(error, attempt);
        }).build();
        handler(Void.class, (in, ctx) -> ctx.step("s", String.class, s -> {
            throw new IllegalStateException("boom");
        }, recording)).handle(service.nextInvocation(), service);

        assertEquals(List.of("boom@1"), seen);
    }

    @Test
    void aCaughtFinalStepFailureLetsTheHandlerSucceed() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        StepConfig noRetry = StepConfig.builder().retryStrategy(RetryStrategies.Presets.NO_RETRY).build();
        InvocationOutput output = handler(Void.class, (in, ctx) -> {
            try {
                return ctx.step("risky", String.class, s -> {
                    throw new UnsupportedOperationException("nope");
                }, noRetry);
            } catch (UnsupportedOperationException e) {
                return "handled: " + e.getMessage();
            }
        }).handle(service.nextInvocation(), service);

        assertEquals("\"handled: nope\"", output.result());
    }

    @Test
    void aRetryDelayIsRoundedUpToWholeSecondsAndAtLeastOne() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        StepConfig subSecond = StepConfig.builder()
                .retryStrategy((error, attempt) -> dev.durablehooks.durable.retry.RetryDecision.retry(Duration.ofMillis(1)))
                .build();
        handler(Void.class, (in, ctx) -> ctx.step("s", String.class, s -> {
            throw new IllegalStateException("x");
        }, subSecond)).handle(service.nextInvocation(), service);

        OperationUpdate retry = service.requests().getLast().getLast();
        assertNotNull(retry.stepOptions());
        assertEquals(1, retry.stepOptions().nextAttemptDelaySeconds());
    }

    @Test
    void aRetryStrategyThatThrowsFailsTheStepInsteadOfLoopingOrCrashing() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        StepConfig broken = StepConfig.builder().retryStrategy((error, attempt) -> {
            throw new ArithmeticException("bad strategy");
        }).build();

        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("s", String.class, s -> {
            throw new IllegalStateException("step error");
        }, broken)).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals("step error", output.error().errorMessage());
        assertEquals(OperationStatus.FAILED, service.operation("s").status());
    }
}
