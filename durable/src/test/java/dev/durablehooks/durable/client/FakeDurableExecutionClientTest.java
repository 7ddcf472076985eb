package dev.durablehooks.durable.client;

import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fake must catch the engine's mistakes, so its own strictness is specified here. */
class FakeDurableExecutionClientTest {
    static final OperationUpdate START = new OperationUpdate(OperationIds.of(null, 1), null, "s", OperationType.STEP,
            "Step", OperationAction.START, null, null, null, null);

    @Test
    void aTokenCanBeUsedOnlyOnce() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        InvocationInput input = service.nextInvocation();
        service.checkpoint(service.arn(), input.checkpointToken(), List.of());

        DurableServiceException e = assertThrows(DurableServiceException.class,
                () -> service.checkpoint(service.arn(), input.checkpointToken(), List.of()));
        assertEquals(true, e.getMessage().startsWith("Invalid Checkpoint Token"));
        assertEquals(true, e.retryable());
    }

    @Test
    void aSecondStartOfAStartedStepIsRefused() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        String token = service.checkpoint(service.arn(), service.nextInvocation().checkpointToken(), List.of(START)).checkpointToken();

        DurableServiceException e = assertThrows(DurableServiceException.class,
                () -> service.checkpoint(service.arn(), token, List.of(START)));
        assertEquals(false, e.retryable());
    }

    @Test
    void theSameIdTwiceInOneRequestIsRefusedUnlessStartThenOneMore() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        String token = service.nextInvocation().checkpointToken();

        assertThrows(DurableServiceException.class, () -> service.checkpoint(service.arn(), token, List.of(START, START)));
    }
}
