package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.StepDetails;
import dev.durablehooks.durable.operation.WaitDetails;

import java.time.Instant;
import java.util.function.BiFunction;

/** Handlers written as lambdas, and stored operations as an earlier invocation would have left them. */
final class TestHandlers {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestHandlers() {
    }

    static <I, O> DurableHandler<I, O> handler(Class<I> inputType, BiFunction<I, DurableContext, O> body) {
        return new DurableHandler<>(inputType) {
            @Override
            public O handleRequest(I input, DurableContext ctx) {
                return body.apply(input, ctx);
            }
        };
    }

    static String rootId(int counter) {
        return OperationIds.of(null, counter);
    }

    static Operation step(int counter, String name, OperationStatus status, int attempt, String result, ErrorObject error) {
        return new Operation(rootId(counter), null, name, OperationType.STEP, "Step", status, T0,
                status.isTerminal() ? T0 : null, null, null,
                new StepDetails(attempt, status == OperationStatus.PENDING ? T0.plusSeconds(5) : null, result, error), null);
    }

    static Operation succeededStep(int counter, String name, String resultJson) {
        return step(counter, name, OperationStatus.SUCCEEDED, 1, resultJson, null);
    }

    static Operation storedWait(int counter, String name, OperationStatus status) {
        return new Operation(rootId(counter), null, name, OperationType.WAIT, "Wait", status, T0, null, null, null, null,
                new WaitDetails(T0.plusSeconds(10)));
    }
}
