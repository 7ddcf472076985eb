package dev.durablehooks.durable.client;

import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepOptions;
import dev.durablehooks.durable.operation.WaitOptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.lambda.model.CheckpointDurableExecutionResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversion between our records and the AWS SDK v2 model; no network. */
class LambdaDurableExecutionClientTest {

    @Test
    void aRetryUpdateKeepsEveryFieldAndItsStepOptions() {
        OperationUpdate ours = new OperationUpdate("op-1", "parent-1", "charge", OperationType.STEP, "Step",
                OperationAction.RETRY, null, new ErrorObject("T", "m", "{}", List.of("a|b|c|1")), new StepOptions(7), null);

        var sdk = LambdaDurableExecutionClient.toSdk(ours);

        assertEquals("op-1", sdk.id());
        assertEquals("parent-1", sdk.parentId());
        assertEquals("charge", sdk.name());
        assertEquals("STEP", sdk.typeAsString());
        assertEquals("Step", sdk.subType());
        assertEquals("RETRY", sdk.actionAsString());
        assertEquals(7, sdk.stepOptions().nextAttemptDelaySeconds());
        assertEquals("T", sdk.error().errorType());
        assertEquals(List.of("a|b|c|1"), sdk.error().stackTrace());
        assertNull(sdk.waitOptions());
    }

    @Test
    void aWaitStartCarriesItsWaitSeconds() {
        var sdk = LambdaDurableExecutionClient.toSdk(new OperationUpdate("w-1", null, "pause", OperationType.WAIT, "Wait",
                OperationAction.START, null, null, null, new WaitOptions(30)));

        assertEquals(30, sdk.waitOptions().waitSeconds());
    }

    @Test
    void aCheckpointResponseBecomesTheNextTokenAndTheChangedOperations() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        CheckpointDurableExecutionResponse response = CheckpointDurableExecutionResponse.builder()
                .checkpointToken("next")
                .newExecutionState(s -> s.nextMarker("m-2").operations(
                        software.amazon.awssdk.services.lambda.model.Operation.builder()
                                .id("op-1").name("charge").type("STEP").subType("Step").status("PENDING")
                                .startTimestamp(start)
                                .stepDetails(d -> d.attempt(1).nextAttemptTimestamp(start.plusSeconds(7))
                                        .error(e -> e.errorType("T").errorMessage("m")))
                                .build(),
                        software.amazon.awssdk.services.lambda.model.Operation.builder()
                                .id("w-1").type("WAIT").status("STARTED")
                                .waitDetails(w -> w.scheduledEndTimestamp(start.plusSeconds(30)))
                                .build()))
                .build();

        CheckpointResponse ours = LambdaDurableExecutionClient.fromSdk(response);

        assertEquals("next", ours.checkpointToken());
        assertEquals("m-2", ours.newExecutionState().nextMarker());
        Operation step = ours.newExecutionState().operations().getFirst();
        assertEquals(OperationType.STEP, step.type());
        assertEquals(OperationStatus.PENDING, step.status());
        assertEquals(1, step.stepDetails().attempt());
        assertEquals(start.plusSeconds(7), step.stepDetails().nextAttemptTimestamp());
        assertEquals(ErrorObject.of("T", "m"), step.stepDetails().error());
        assertEquals(start.plusSeconds(30), ours.newExecutionState().operations().get(1).waitDetails().scheduledEndTimestamp());
    }

    @Test
    void anOperationOfATypeThisEngineDoesNotKnowIsSkipped() {
        var unknown = software.amazon.awssdk.services.lambda.model.Operation.builder()
                .id("x-1").type("TELEPORT").status("STARTED").build();

        assertNull(LambdaDurableExecutionClient.fromSdk(unknown));
    }

    @Test
    void anInvalidTokenAnswerBecomesARetryableServiceException() {
        LambdaException aws = (LambdaException) LambdaException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterValueException")
                        .errorMessage("Invalid Checkpoint Token: stale").build())
                .build();

        DurableServiceException ours = LambdaDurableExecutionClient.toDurableServiceException(aws);

        assertEquals("InvalidParameterValueException", ours.errorCode());
        assertEquals(400, ours.statusCode());
        assertTrue(ours.retryable());
    }

    @Test
    void anOtherClientErrorBecomesATerminalServiceException() {
        LambdaException aws = (LambdaException) LambdaException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterValueException")
                        .errorMessage("Payload too large").build())
                .build();

        assertFalse(LambdaDurableExecutionClient.toDurableServiceException(aws).retryable());
    }
}
