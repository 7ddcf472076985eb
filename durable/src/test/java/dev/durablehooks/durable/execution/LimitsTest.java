package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.exception.IllegalDurableOperationException;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static dev.durablehooks.durable.execution.TestHandlers.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitsTest {

    @Test
    void aStepResultOver256KiBFailsTheExecutionNamingTheStepTheSizeAndTheLimit() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        String big = "x".repeat(300_000);

        InvocationOutput output = handler(Void.class, (in, ctx) -> {
            try {
                return ctx.step("render", String.class, s -> big).length();
            } catch (RuntimeException e) {
                return -1; // catching it must not turn the execution into a success
            }
        }).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(IllegalDurableOperationException.class.getName(), output.error().errorType());
        String message = output.error().errorMessage();
        assertTrue(message.contains("'render'") && message.contains("300002") && message.contains("262144"), message);
        assertEquals(OperationStatus.FAILED, service.operation("render").status());
        assertEquals(null, service.operation("render").stepDetails().result(), "nothing truncated is stored");
    }

    @Test
    void aStepResultOfExactly256KiBIsAccepted() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        String exact = "y".repeat(256 * 1024 - 2); // plus two quotes when serialized

        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("render", String.class, s -> exact).length())
                .handle(service.nextInvocation(), service);

        assertEquals(String.valueOf(exact.length()), output.result());
    }

    @Test
    void anExecutionResultOverSixMiBIsCheckpointedOnTheExecutionAndReturnedEmpty() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        String huge = "z".repeat(6 * 1024 * 1024);

        InvocationOutput output = handler(Void.class, (in, ctx) -> huge).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.SUCCEEDED, output.status());
        assertEquals("", output.result());
        OperationUpdate last = service.requests().getLast().getLast();
        assertEquals(OperationType.EXECUTION, last.type());
        assertEquals(OperationAction.SUCCEED, last.action());
        assertEquals("\"" + huge + "\"", last.payload());
        assertEquals(OperationStatus.SUCCEEDED, service.execution().status());
    }

    @Test
    void aNullResultHasNoPayload() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);

        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("nothing", String.class, s -> null))
                .handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.SUCCEEDED, output.status());
        assertEquals(null, output.result());
        assertEquals(null, service.requests().getFirst().getLast().payload());
    }

    @Test
    void aDurableOperationInsideAStepFailsTheExecution() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);

        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("outer", String.class,
                s -> ctx.step("inner", String.class, t -> "x"))).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(IllegalDurableOperationException.class.getName(), output.error().errorType());
        assertTrue(output.error().errorMessage().contains("inside step 'outer'"), output.error().errorMessage());
    }

    @Test
    void aDurableOperationFromAnotherThreadFailsTheExecution() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);

        InvocationOutput output = handler(Void.class, (in, ctx) -> CompletableFuture
                .supplyAsync(() -> ctx.step("elsewhere", String.class, s -> "x"))
                .exceptionally(e -> "swallowed").join())
                .handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(IllegalDurableOperationException.class.getName(), output.error().errorType());
    }

    @Test
    void anExceptionThrownByTheHandlerFailsTheExecutionWithItsTypeAndMessage() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);

        InvocationOutput output = handler(Void.class, (in, ctx) -> {
            throw new IllegalStateException("validation failed: missing id");
        }).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(IllegalStateException.class.getName(), output.error().errorType());
        assertEquals("validation failed: missing id", output.error().errorMessage());
    }

    @Test
    void anInputThatDoesNotMatchTheInputTypeFailsTheExecution() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("{\"not\":\"a number\"}");

        InvocationOutput output = handler(Integer.class, (in, ctx) -> in).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
    }

    @Test
    void aStepNameOutsidePrintableAsciiIsRejectedBeforeAnythingIsCheckpointed() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);

        InvocationOutput output = handler(Void.class, (in, ctx) -> ctx.step("größe", String.class, s -> "x"))
                .handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals(IllegalArgumentException.class.getName(), output.error().errorType());
        assertTrue(service.requests().isEmpty());
    }
}
