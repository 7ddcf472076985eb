package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.exception.SuspendExecutionException;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.durablehooks.durable.execution.TestHandlers.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuspensionTest {

    static DurableHandler<Void, String> stepWaitStep(List<String> ran) {
        return handler(Void.class, (in, ctx) -> {
            String a = ctx.step("before", String.class, s -> {
                ran.add("before");
                return "a";
            });
            ctx.wait("cool-down", Duration.ofSeconds(30));
            return a + ctx.step("after", String.class, s -> {
                ran.add("after");
                return "b";
            });
        });
    }

    @Test
    void aWaitStartsATimerAndTheInvocationReturnsPending() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<String> ran = new ArrayList<>();

        InvocationOutput output = stepWaitStep(ran).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.PENDING, output.status());
        assertEquals(List.of("before"), ran);
        OperationUpdate start = service.requests().getLast().getFirst();
        assertEquals(OperationType.WAIT, start.type());
        assertEquals(OperationAction.START, start.action());
        assertEquals(30, start.waitOptions().waitSeconds());
    }

    @Test
    void pendingIsReturnedOnlyAfterEveryUpdateWasAcknowledged() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);

        stepWaitStep(new ArrayList<>()).handle(service.nextInvocation(), service);

        assertEquals(OperationStatus.SUCCEEDED, service.operation("before").status());
        assertEquals(OperationStatus.STARTED, service.operation("cool-down").status());
    }

    @Test
    void afterTheTimerFiresTheExecutionContinuesPastTheWait() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<String> ran = new ArrayList<>();
        DurableHandler<Void, String> handler = stepWaitStep(ran);
        handler.handle(service.nextInvocation(), service);
        service.advanceTime(Duration.ofSeconds(30));

        InvocationOutput output = handler.handle(service.nextInvocation(), service);

        assertEquals("\"ab\"", output.result());
        assertEquals(List.of("before", "after"), ran);
    }

    @Test
    void beforeTheTimerFiresTheInvocationSuspendsAgain() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        DurableHandler<Void, String> handler = stepWaitStep(new ArrayList<>());
        handler.handle(service.nextInvocation(), service);
        service.advanceTime(Duration.ofSeconds(29));

        assertEquals(InvocationStatus.PENDING, handler.handle(service.nextInvocation(), service).status());
    }

    @Test
    void suspendingWithNothingPendingFailsTheExecutionInsteadOfReturningPending() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        InvocationOutput output = handler(Void.class, (in, ctx) -> {
            ctx.step("done", String.class, s -> "x");
            throw new SuspendExecutionException("suspend with nothing to wake for");
        }).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertTrue(output.error().errorMessage().contains("no pending operations"), output.error().errorMessage());
    }

    @Test
    void userCodeThatSwallowsTheSuspensionCannotCompleteTheExecution() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        InvocationOutput output = handler(Void.class, (in, ctx) -> {
            try {
                ctx.wait("w", Duration.ofSeconds(5));
            } catch (Throwable swallowed) {
                // a careless catch-all
            }
            return "too early";
        }).handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.PENDING, output.status());
    }

    @Test
    void aWaitShorterThanOneSecondIsRejected() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<Throwable> errors = new ArrayList<>();
        handler(Void.class, (in, ctx) -> {
            errors.add(assertThrows(IllegalArgumentException.class, () -> ctx.wait("blink", Duration.ofMillis(500))));
            return null;
        }).handle(service.nextInvocation(), service);

        assertEquals(1, errors.size());
        assertTrue(service.requests().isEmpty());
    }
}
