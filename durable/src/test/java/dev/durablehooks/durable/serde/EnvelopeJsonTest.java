package dev.durablehooks.durable.serde;

import dev.durablehooks.durable.exception.InvalidEnvelopeException;
import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.execution.InvocationOutput;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.StepDetails;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeJsonTest {
    static final String ENVELOPE = """
            {"DurableExecutionArn":"arn:aws:lambda:us-east-1:111122223333:function:orders:3/durable-execution/run-42/abc",
             "CheckpointToken":"AAAA-opaque",
             "InitialExecutionState":{"Operations":[
               {"Id":"abc","Type":"EXECUTION","Status":"STARTED","StartTimestamp":"2025-12-01 10:15:30.123456+00:00",
                "ExecutionDetails":{"InputPayload":"{\\"orderId\\":\\"o-1\\"}"},"SomethingNew":{"x":1}}],
               "NextMarker":"page-2"},
             "UpdatedOperationIds":["abc"],
             "UnknownTopLevelKey":true}
            """;

    @Test
    void theEnvelopeIsReadWithItsOperationsAndNextMarker() {
        InvocationInput input = EnvelopeJson.readInvocationInput(ENVELOPE);

        assertEquals("arn:aws:lambda:us-east-1:111122223333:function:orders:3/durable-execution/run-42/abc",
                input.durableExecutionArn());
        assertEquals("AAAA-opaque", input.checkpointToken());
        assertEquals("page-2", input.initialExecutionState().nextMarker());
        Operation execution = input.initialExecutionState().operations().getFirst();
        assertEquals(OperationType.EXECUTION, execution.type());
        assertEquals(OperationStatus.STARTED, execution.status());
        assertEquals("{\"orderId\":\"o-1\"}", execution.executionDetails().inputPayload());
        assertEquals(Instant.parse("2025-12-01T10:15:30.123456Z"), execution.startTimestamp());
        assertEquals(List.of("abc"), input.updatedOperationIds());
    }

    @Test
    void aMissingExecutionArnIsAClearError() {
        InvalidEnvelopeException e = assertThrows(InvalidEnvelopeException.class,
                () -> EnvelopeJson.readInvocationInput("{\"CheckpointToken\":\"t\",\"InitialExecutionState\":{\"Operations\":[]}}"));
        assertTrue(e.getMessage().contains("DurableExecutionArn"), e.getMessage());
        assertTrue(e.getMessage().contains("without durable config"), e.getMessage());
    }

    @Test
    void aMissingCheckpointTokenIsAClearError() {
        InvalidEnvelopeException e = assertThrows(InvalidEnvelopeException.class,
                () -> EnvelopeJson.readInvocationInput("{\"DurableExecutionArn\":\"arn\"}"));
        assertTrue(e.getMessage().contains("CheckpointToken"), e.getMessage());
    }

    @Test
    void malformedJsonIsAClearError() {
        InvalidEnvelopeException e = assertThrows(InvalidEnvelopeException.class,
                () -> EnvelopeJson.readInvocationInput("{\"DurableExecutionArn\": "));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void anOperationWithAnIllegalIdIsAClearError() {
        String json = "{\"DurableExecutionArn\":\"a\",\"CheckpointToken\":\"t\",\"InitialExecutionState\":{\"Operations\":"
                + "[{\"Id\":\"has spaces!\",\"Type\":\"STEP\",\"Status\":\"STARTED\"}]}}";
        InvalidEnvelopeException e = assertThrows(InvalidEnvelopeException.class, () -> EnvelopeJson.readInvocationInput(json));
        assertTrue(e.getMessage().contains("operation id"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1764584130123                      | 2025-12-01T10:15:30.123Z",
            "'\"1764584130123\"'                | 2025-12-01T10:15:30.123Z",
            "1764584130123.5                    | 2025-12-01T10:15:30.1235Z",
            "'\"2025-12-01 10:15:30.123456+00:00\"' | 2025-12-01T10:15:30.123456Z",
            "'\"2025-12-01T10:15:30Z\"'         | 2025-12-01T10:15:30Z",
            "'\"2025-12-01T10:15:30.1Z\"'       | 2025-12-01T10:15:30.100Z",
            "'\"2025-12-01T10:15:30.123456789Z\"' | 2025-12-01T10:15:30.123456789Z",
            "'\"2025-12-01T12:15:30.5+02:00\"'  | 2025-12-01T10:15:30.500Z",
            "'\"2025-12-01 12:15:30+0200\"'     | 2025-12-01T10:15:30Z",
            "'\"2025-12-01T10:15:30\"'          | 2025-12-01T10:15:30Z",
    })
    void timestampsAreReadLeniently(String wire, String expected) {
        String json = "{\"Id\":\"op-1\",\"Type\":\"WAIT\",\"Status\":\"STARTED\",\"StartTimestamp\":" + wire + "}";

        assertEquals(Instant.parse(expected), EnvelopeJson.readOperation(json).startTimestamp());
    }

    @Test
    void anUnreadableTimestampIsAClearError() {
        String json = "{\"Id\":\"op-1\",\"Type\":\"WAIT\",\"Status\":\"STARTED\",\"StartTimestamp\":\"yesterday\"}";
        InvalidEnvelopeException e = assertThrows(InvalidEnvelopeException.class, () -> EnvelopeJson.readOperation(json));
        assertTrue(e.getMessage().contains("yesterday"), e.getMessage());
    }

    @Test
    void theOutputHasStatusResultAndErrorKeys() {
        assertEquals("{\"Error\":null,\"Result\":\"\\\"hi\\\"\",\"Status\":\"SUCCEEDED\"}",
                EnvelopeJson.writeInvocationOutput(InvocationOutput.succeeded("\"hi\"")));
        assertEquals("{\"Error\":{\"ErrorType\":\"T\",\"ErrorMessage\":\"m\"},\"Result\":null,\"Status\":\"FAILED\"}",
                EnvelopeJson.writeInvocationOutput(InvocationOutput.failed(ErrorObject.of("T", "m"))));
    }

    @Test
    void anOutputWithoutNullKeysIsReadToo() {
        assertEquals(InvocationOutput.pending(), EnvelopeJson.readInvocationOutput("{\"Status\":\"PENDING\"}"));
    }

    @Test
    void anOperationSurvivesAWireRoundTrip() {
        Operation step = new Operation("op-2", null, "charge", OperationType.STEP, "Step", OperationStatus.PENDING,
                Instant.parse("2026-01-01T00:00:00.123456Z"), null, null, null,
                new StepDetails(2, Instant.parse("2026-01-01T00:00:07Z"), null,
                        new ErrorObject("java.lang.IllegalStateException", "boom", null, List.of("a|b|c|1"))), null);

        String json = EnvelopeJson.writeOperation(step);

        assertTrue(json.contains("\"NextAttemptTimestamp\":\"2026-01-01T00:00:07Z\""), json);
        assertEquals(step, EnvelopeJson.readOperation(json));
    }

    @Test
    void anInvocationInputSurvivesAWireRoundTrip() {
        InvocationInput input = EnvelopeJson.readInvocationInput(ENVELOPE);

        assertEquals(input, EnvelopeJson.readInvocationInput(EnvelopeJson.writeInvocationInput(input)));
    }

    @Test
    void aMissingStateMeansNoOperations() {
        InvocationInput input = EnvelopeJson.readInvocationInput("{\"DurableExecutionArn\":\"a\",\"CheckpointToken\":\"t\"}");

        assertEquals(new ExecutionState(List.of(), null), input.initialExecutionState());
        assertNull(input.initialExecutionState().nextMarker());
    }
}
