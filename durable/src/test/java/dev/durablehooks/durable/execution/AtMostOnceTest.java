package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.config.StepConfig;
import dev.durablehooks.durable.config.StepSemantics;
import dev.durablehooks.durable.exception.StepInterruptedException;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.retry.RetryStrategies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.durablehooks.durable.execution.TestHandlers.handler;
import static dev.durablehooks.durable.execution.TestHandlers.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AtMostOnceTest {
    static StepConfig atMostOnce(int maxAttempts) {
        return StepConfig.builder()
                .semanticsPerRetry(StepSemantics.AT_MOST_ONCE_PER_RETRY)
                .retryStrategy(maxAttempts == 1 ? RetryStrategies.Presets.NO_RETRY
                        : RetryStrategies.fixedDelay(maxAttempts, Duration.ofSeconds(1)))
                .build();
    }

    @Test
    void startIsAcknowledgedBeforeTheStepFunctionRuns() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<Integer> requestsSeenByStep = new ArrayList<>();
        handler(Void.class, (in, ctx) -> ctx.step("pay", String.class, s -> {
            requestsSeenByStep.add(service.requests().size());
            return "paid";
        }, atMostOnce(3))).handle(service.nextInvocation(), service);

        assertEquals(List.of(1), requestsSeenByStep);
        assertEquals(List.of(OperationAction.START), service.requests().getFirst().stream().map(OperationUpdate::action).toList());
        assertEquals(List.of(OperationAction.SUCCEED), service.requests().get(1).stream().map(OperationUpdate::action).toList());
    }

    @Test
    void aStepFoundStartedIsNotRunAgainButRetriedAsInterrupted() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(step(1, "pay", OperationStatus.STARTED, 0, null, null));
        List<Integer> attempts = new ArrayList<>();
        DurableHandler<Void, String> handler = handler(Void.class, (in, ctx) -> ctx.step("pay", String.class, s -> {
            attempts.add(s.getAttempt());
            return "paid";
        }, atMostOnce(3)));

        InvocationOutput first = handler.handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.PENDING, first.status());
        assertEquals(List.of(), attempts);
        OperationUpdate retry = service.requests().getLast().getLast();
        assertEquals(OperationAction.RETRY, retry.action());
        assertEquals(StepInterruptedException.class.getName(), retry.error().errorType());

        service.advanceTime(Duration.ofSeconds(1));
        InvocationOutput second = handler.handle(service.nextInvocation(), service);

        assertEquals("\"paid\"", second.result());
        assertEquals(List.of(2), attempts, "the interrupted attempt 1 is not repeated; attempt 2 runs");
    }

    @Test
    void anInterruptedStepWithoutRetriesFailsTheExecutionWithStepInterruptedException() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(step(1, "pay", OperationStatus.STARTED, 0, null, null));
        List<Integer> attempts = new ArrayList<>();
        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("pay", String.class, s -> {
            attempts.add(s.getAttempt());
            return "paid";
        }, atMostOnce(1))).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(StepInterruptedException.class.getName(), output.error().errorType());
        assertEquals(List.of(), attempts);
        assertEquals(OperationStatus.FAILED, service.operation("pay").status());
    }

    @Test
    void anAtLeastOnceStepFoundStartedRunsTheSameAttemptAgainWithoutResendingStart() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(step(1, "notify", OperationStatus.STARTED, 0, null, null));
        List<Integer> attempts = new ArrayList<>();
        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("notify", String.class, s -> {
            attempts.add(s.getAttempt());
            return "sent";
        })).handle(service.nextInvocation(), service);

        assertEquals("\"sent\"", output.result());
        assertEquals(List.of(1), attempts);
        assertEquals(List.of(OperationAction.SUCCEED), service.requests().getFirst().stream().map(OperationUpdate::action).toList());
    }
}
