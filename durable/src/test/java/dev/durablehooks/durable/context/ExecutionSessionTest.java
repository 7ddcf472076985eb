package dev.durablehooks.durable.context;

import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ExecutionSessionTest {

    static OperationUpdate startOf(int counter) {
        return new OperationUpdate(OperationIds.of(null, counter), null, "s" + counter, OperationType.STEP, "Step",
                OperationAction.START, null, null, null, null);
    }

    @Test
    void queuedUpdatesAreSentInRequestsOfAtMost200InProgramOrder() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        ExecutionSession session = ExecutionSession.open(service.nextInvocation(), service);
        for (int i = 1; i <= 450; i++) {
            session.enqueue(startOf(i));
        }

        session.flush();

        assertEquals(List.of(200, 200, 50), service.requests().stream().map(List::size).toList());
        assertEquals(startOf(201), service.requests().get(1).getFirst());
        assertFalse(session.hasQueuedUpdates());
    }

    @Test
    void largePayloadsSplitRequestsBeforeAbout750KB() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        ExecutionSession session = ExecutionSession.open(service.nextInvocation(), service);
        String payload = "\"" + "p".repeat(200_000) + "\"";
        for (int i = 1; i <= 5; i++) {
            session.enqueue(new OperationUpdate(OperationIds.of(null, i), null, "s" + i, OperationType.STEP, "Step",
                    OperationAction.SUCCEED, payload, null, null, null));
        }

        session.flush();

        assertEquals(List.of(3, 2), service.requests().stream().map(List::size).toList());
    }

    @Test
    void eachRequestUsesTheTokenTheLastResponseReturned() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        ExecutionSession session = ExecutionSession.open(service.nextInvocation(), service);
        String first = session.checkpointToken();
        session.enqueue(startOf(1));
        session.flush();
        String second = session.checkpointToken();
        session.enqueue(startOf(2));
        session.flush();

        assertEquals(List.of(first, second), service.checkpointTokensUsed());
        assertNotEquals(first, second);
    }

    @Test
    void theResponseStateUpdatesTheKnownOperations() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        ExecutionSession session = ExecutionSession.open(service.nextInvocation(), service);
        session.enqueue(startOf(1));
        session.flush();

        assertEquals(OperationStatus.STARTED,
                session.operation(OperationIds.of(null, 1)).status());
    }

    @Test
    void utf8LengthCountsMultiByteCharacters() {
        assertEquals("aé€😀".getBytes(StandardCharsets.UTF_8).length, ExecutionSession.utf8Length("aé€😀"));
    }

    @Test
    void aCheckpointResponseWithANextMarkerIsPagedWithTheNewToken() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        Operation fired = new Operation(
                OperationIds.of(null, 7), null, "timer", OperationType.WAIT, "Wait",
                OperationStatus.SUCCEEDED, null, null, null, null, null, null);
        List<String> pageCalls = new ArrayList<>();
        DurableExecutionClient paging = new DurableExecutionClient() {
            @Override
            public CheckpointResponse checkpoint(String arn, String token, List<OperationUpdate> updates) {
                var response = service.checkpoint(arn, token, updates);
                return new CheckpointResponse(response.checkpointToken(),
                        new ExecutionState(response.newExecutionState().operations(), "more"));
            }

            @Override
            public ExecutionState getExecutionState(String arn, String token, String marker) {
                pageCalls.add(marker + "@" + token);
                return new ExecutionState(List.of(fired), null);
            }
        };
        ExecutionSession session = ExecutionSession.open(service.nextInvocation(), paging);
        session.enqueue(startOf(1));
        session.flush();

        assertEquals(List.of("more@" + session.checkpointToken()), pageCalls);
        assertEquals(fired, session.operation(fired.id()));
    }
}
