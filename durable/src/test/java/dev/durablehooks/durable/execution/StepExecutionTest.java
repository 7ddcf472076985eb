package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationUpdate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepExecutionTest {

    static final class Greeter extends DurableHandler<String, String> {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public String handleRequest(String input, DurableContext ctx) {
            String greeting = ctx.step("greet", String.class, s -> {
                runs.incrementAndGet();
                return "Hello, " + input + "!";
            });
            return ctx.step("shout", String.class, s -> greeting.toUpperCase());
        }
    }

    @Test
    void stepsRunAndTheExecutionSucceedsWithTheSerializedResult() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("\"Ada\"");
        InvocationOutput output = new Greeter().handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.SUCCEEDED, output.status());
        assertEquals("\"HELLO, ADA!\"", output.result());
        assertEquals(OperationStatus.SUCCEEDED, service.operation("greet").status());
        assertEquals("\"Hello, Ada!\"", service.operation("greet").stepDetails().result());
        assertEquals(OperationIds.of(null, 1), service.operation("greet").id());
        assertEquals(OperationIds.of(null, 2), service.operation("shout").id());
    }

    @Test
    void anAtLeastOnceStepSendsStartTogetherWithItsResultInOneCheckpoint() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("\"Ada\"");
        new Greeter().handle(service.nextInvocation(), service);

        List<List<OperationUpdate>> requests = service.requests();
        assertEquals(2, requests.size());
        assertEquals(List.of(OperationAction.START, OperationAction.SUCCEED),
                requests.get(0).stream().map(OperationUpdate::action).toList());
    }

    static final class Returning extends DurableHandler<String, String> {
        final Object value;
        Object returned;

        Returning(Object value) {
            this.value = value;
        }

        @Override
        public String handleRequest(String input, DurableContext ctx) {
            returned = ctx.step("give", Object.class, s -> value);
            return "done";
        }
    }

    @Test
    void aStepReturnsOnItsFirstRunWhatAReplayWouldReturn() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("\"Ada\"");
        Returning handler = new Returning(5L);
        handler.handle(service.nextInvocation(), service);

        assertEquals(Integer.valueOf(5), handler.returned); // read back from "5", as a replay reads it
    }

    static final class DeclaringComparable extends DurableHandler<String, String> {
        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public String handleRequest(String input, DurableContext ctx) {
            Comparable value = ctx.step("give", Comparable.class, s -> "Hello");
            return String.valueOf(value);
        }
    }

    @Test
    void aResultThatAReplayCouldNotReadFailsItsFirstRunToo() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("\"Ada\"");
        InvocationOutput output = new DeclaringComparable().handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status(), "Jackson cannot read JSON as an abstract Comparable");
        assertTrue(output.error().errorMessage().contains("Comparable"), output.error().errorMessage());
    }

    @Test
    void aStringStepResultIsReturnedAsItIsSinceReadingItBackGivesTheSame() {
        String value = new String("Hello");
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("\"Ada\"");
        Returning handler = new Returning(value);
        handler.handle(service.nextInvocation(), service);

        assertSame(value, handler.returned);
        assertEquals("\"Hello\"", service.operation("give").stepDetails().result());
    }
}
