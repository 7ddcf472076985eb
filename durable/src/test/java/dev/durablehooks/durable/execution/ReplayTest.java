package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.exception.StepFailedException;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.serde.TypeToken;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.durablehooks.durable.execution.TestHandlers.handler;
import static dev.durablehooks.durable.execution.TestHandlers.step;
import static dev.durablehooks.durable.execution.TestHandlers.succeededStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest {

    @Test
    void completedStepsReturnTheirStoredResultsWithoutRunningUserCode() {
        AtomicInteger runs = new AtomicInteger();
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("\"x\"").withStored(
                succeededStep(1, "first", "\"stored-1\""),
                succeededStep(2, "second", "\"stored-2\""));
        DurableHandler<String, String> handler = handler(String.class, (in, ctx) ->
                ctx.step("first", String.class, s -> "fresh-" + runs.incrementAndGet())
                        + "+" + ctx.step("second", String.class, s -> "fresh-" + runs.incrementAndGet()));

        InvocationOutput output = handler.handle(service.nextInvocation(), service);

        assertEquals("\"stored-1+stored-2\"", output.result());
        assertEquals(0, runs.get());
        assertTrue(service.requests().isEmpty(), "a fully replayed step sends no update");
    }

    @Test
    void replayedResultsAreDeserializedIntoGenericTypes() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(succeededStep(1, "dates", "[\"2026-01-02\",\"2026-03-04\"]"));
        List<LocalDate> seen = new ArrayList<>();
        DurableHandler<Void, Integer> handler = handler(Void.class, (in, ctx) -> {
            seen.addAll(ctx.step("dates", new TypeToken<List<LocalDate>>() { }, s -> List.of()));
            return seen.size();
        });

        handler.handle(service.nextInvocation(), service);

        assertEquals(List.of(LocalDate.of(2026, 1, 2), LocalDate.of(2026, 3, 4)), seen);
    }

    @Test
    void aStoredStepErrorIsRethrownAsItsOriginalExceptionType() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null).withStored(step(1, "charge",
                OperationStatus.FAILED, 1, null, ErrorObject.of(IllegalStateException.class.getName(), "card declined")));
        List<Throwable> caught = new ArrayList<>();
        DurableHandler<Void, String> handler = handler(Void.class, (in, ctx) -> {
            try {
                return ctx.step("charge", String.class, s -> "charged");
            } catch (RuntimeException e) {
                caught.add(e);
                return "compensated";
            }
        });

        InvocationOutput output = handler.handle(service.nextInvocation(), service);

        assertEquals("\"compensated\"", output.result());
        IllegalStateException rethrown = assertInstanceOf(IllegalStateException.class, caught.getFirst());
        assertEquals("card declined", rethrown.getMessage());
    }

    @Test
    void aStoredErrorOfAnUnknownTypeIsRethrownAsStepFailedException() {
        ErrorObject stored = ErrorObject.of("com.example.GoneException", "the class no longer exists");
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(step(1, "charge", OperationStatus.FAILED, 1, null, stored));
        List<Throwable> caught = new ArrayList<>();
        DurableHandler<Void, String> handler = handler(Void.class, (in, ctx) -> {
            try {
                return ctx.step("charge", String.class, s -> "charged");
            } catch (RuntimeException e) {
                caught.add(e);
                throw e;
            }
        });

        InvocationOutput output = handler.handle(service.nextInvocation(), service);

        StepFailedException failed = assertInstanceOf(StepFailedException.class, caught.getFirst());
        assertEquals(stored, failed.error());
        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals("com.example.GoneException", output.error().errorType());
        assertEquals("the class no longer exists", output.error().errorMessage());
    }

    @Test
    void isReplayingIsTrueWhileCompletedStepsReplayAndFalseOnceNewWorkStarts() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null)
                .withStored(succeededStep(1, "old", "1"));
        List<Boolean> flags = new ArrayList<>();
        DurableHandler<Void, Integer> handler = handler(Void.class, (in, ctx) -> {
            flags.add(ctx.isReplaying());
            ctx.step("old", Integer.class, s -> 1);
            flags.add(ctx.isReplaying());
            ctx.step("new", Integer.class, s -> 2);
            flags.add(ctx.isReplaying());
            return 0;
        });

        handler.handle(service.nextInvocation(), service);

        assertEquals(List.of(true, true, false), flags);
    }

    @Test
    void aFirstRunIsNotReplaying() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        List<Boolean> flags = new ArrayList<>();
        handler(Void.class, (in, ctx) -> flags.add(ctx.isReplaying())).handle(service.nextInvocation(), service);

        assertEquals(List.of(false), flags);
    }

    @Test
    void allStatePagesAreLoadedBeforeUserCodeRuns() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null, 2).withStored(
                succeededStep(1, "a", "1"), succeededStep(2, "b", "2"),
                succeededStep(3, "c", "3"), succeededStep(4, "d", "4"));
        AtomicInteger runs = new AtomicInteger();
        DurableHandler<Void, Integer> handler = handler(Void.class, (in, ctx) -> {
            int sum = 0;
            for (String name : List.of("a", "b", "c", "d")) {
                sum += ctx.step(name, Integer.class, s -> 100 + runs.incrementAndGet());
            }
            return sum;
        });

        InvocationOutput output = handler.handle(service.nextInvocation(), service);

        assertEquals("10", output.result());
        assertEquals(0, runs.get());
        assertEquals(2, service.stateCalls(), "5 operations in pages of 2: the envelope page plus two more");
    }

    @Test
    void theHandlerInputIsTheExecutionOperationsPayload() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("{\"orderId\":\"o-1\",\"extra\":true}");
        record Order(String orderId) {
        }
        InvocationOutput output = handler(Order.class, (in, ctx) -> in.orderId()).handle(service.nextInvocation(), service);

        assertEquals("\"o-1\"", output.result());
    }
}
