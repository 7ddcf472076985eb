package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.exception.NonDeterministicExecutionException;
import dev.durablehooks.durable.operation.OperationStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.durablehooks.durable.execution.TestHandlers.handler;
import static dev.durablehooks.durable.execution.TestHandlers.succeededStep;
import static dev.durablehooks.durable.execution.TestHandlers.storedWait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonDeterminismTest {

    @Test
    void aStepWhoseNameChangedFailsTheExecutionNamingTheStepAndTheField() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(succeededStep(1, "charge-card", "\"ok\""));
        AtomicInteger runs = new AtomicInteger();

        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("refund-card", String.class, s -> {
            runs.incrementAndGet();
            return "x";
        })).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(NonDeterministicExecutionException.class.getName(), output.error().errorType());
        String message = output.error().errorMessage();
        assertTrue(message.contains("'refund-card'") && message.contains("'charge-card'"), message);
        assertTrue(message.contains("Name differs"), message);
        assertEquals(0, runs.get());
    }

    @Test
    void aStepWhereTheHistoryHasAWaitFailsTheExecutionNamingTheTypeMismatch() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(storedWait(1, "pause", OperationStatus.SUCCEEDED));

        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("pause", String.class, s -> "x"))
                .handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(NonDeterministicExecutionException.class.getName(), output.error().errorType());
        assertTrue(output.error().errorMessage().contains("Type differs"), output.error().errorMessage());
        assertTrue(output.error().errorMessage().contains("'pause'"), output.error().errorMessage());
    }

    @Test
    void catchingTheNonDeterminismErrorDoesNotSaveTheExecution() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(succeededStep(1, "a", "1"));

        InvocationOutput output = handler(Void.class, (in, ctx) -> {
            try {
                ctx.wait("a", Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                return "carry on";
            }
            return "unreachable";
        }).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(NonDeterministicExecutionException.class.getName(), output.error().errorType());
    }

    @Test
    void extraOperationsAfterTheHistoryAreNewWorkNotNonDeterminism() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(succeededStep(1, "a", "1"));

        InvocationOutput output = handler(Void.class, (in, ctx) ->
                ctx.step("a", Integer.class, s -> 0) + ctx.step("b", Integer.class, s -> 2))
                .handle(service.nextInvocation(), service);

        assertEquals("3", output.result());
    }
}
