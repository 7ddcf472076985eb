package dev.durablehooks.durable.local;

import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.durablehooks.durable.local.Updates.child;
import static dev.durablehooks.durable.local.Updates.contextStart;
import static dev.durablehooks.durable.local.Updates.executionSucceed;
import static dev.durablehooks.durable.local.Updates.id;
import static dev.durablehooks.durable.local.Updates.stepFail;
import static dev.durablehooks.durable.local.Updates.stepRetry;
import static dev.durablehooks.durable.local.Updates.stepStart;
import static dev.durablehooks.durable.local.Updates.stepSucceed;
import static dev.durablehooks.durable.local.Updates.update;
import static dev.durablehooks.durable.local.Updates.waitStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service refuses every illegal update class (protocol §2.3, §3.3, §6.1), all or nothing. */
class CheckpointRulesTest {
    @TempDir
    Path dir;

    private final ManualInvoker invoker = new ManualInvoker();
    private ServiceFixture fixture;
    private ManualInvoker.Held invocation;

    @BeforeEach
    void startOneExecution() {
        fixture = new ServiceFixture(dir.resolve("engine.db"), invoker);
        fixture.service.start("rules", "{\"n\":1}");
        invocation = invoker.next();
    }

    @AfterEach
    void close() {
        fixture.service.close();
        invocation.answer(dev.durablehooks.durable.execution.InvocationOutput.succeeded(null));
        fixture.close();
    }

    private void assertRefused(String expectedFragment, OperationUpdate... updates) {
        String tokenBefore = invocation.token;
        List<Operation> before = fixture.service.operations("rules");
        DurableServiceException e = assertThrows(DurableServiceException.class, () -> invocation.checkpoint(updates));
        assertEquals("InvalidParameterValueException", e.errorCode());
        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains(expectedFragment), "message was: " + e.getMessage());
        assertEquals(before, fixture.service.operations("rules"), "a refused checkpoint changes nothing");
        invocation.token = tokenBefore;
    }

    @Test
    void aSecondStartOnAStartedStepIsRefused() {
        invocation.checkpoint(stepStart(id(1)));
        assertRefused("only when it is new or READY", stepStart(id(1)));
    }

    @Test
    void aRefusalNamesTheUpdateByIndexTypeActionAndId() {
        invocation.checkpoint(stepStart(id(1)));
        assertRefused("Update #1 (STEP START of operation " + id(1) + "): a STEP may be started only",
                stepSucceed(id(2), "\"x\""), stepStart(id(1)));
    }

    @Test
    void retryWithoutStepOptionsIsRefused() {
        OperationUpdate retry = new OperationUpdate(id(1), null, "s", OperationType.STEP, "Step", OperationAction.RETRY,
                null, ErrorObject.of("E", "m"), null, null);
        assertRefused("RETRY needs StepOptions", retry);
    }

    @Test
    void retryWithBothErrorAndPayloadIsRefused() {
        OperationUpdate retry = new OperationUpdate(id(1), null, "s", OperationType.STEP, "Step", OperationAction.RETRY,
                "\"state\"", ErrorObject.of("E", "m"), new StepOptions(1), null);
        assertRefused("not both", retry);
    }

    @Test
    void twoExecutionUpdatesInOneCheckpointAreRefused() {
        String execId = invocation.initialOperations().get(0).id();
        assertRefused("At most one EXECUTION update", executionSucceed(execId, "1"), executionSucceed(execId, "2"));
    }

    @Test
    void anExecutionUpdateThatIsNotLastIsRefused() {
        String execId = invocation.initialOperations().get(0).id();
        assertRefused("must be the last update", executionSucceed(execId, "1"), stepStart(id(1)));
    }

    @Test
    void theSameIdTwiceInOneCheckpointIsRefused() {
        assertRefused("may appear only once", stepSucceed(id(1), "1"), stepSucceed(id(1), "2"));
    }

    @Test
    void aStartFollowedByOneCloseOfTheSameStepIsAccepted() {
        CheckpointResponse response = invocation.checkpoint(stepStart(id(1)), stepSucceed(id(1), "\"done\""));
        Operation step = response.newExecutionState().operations().stream().filter(o -> o.id().equals(id(1))).findFirst().orElseThrow();
        assertEquals(OperationStatus.SUCCEEDED, step.status());
        assertEquals(1, step.stepDetails().attempt());
        assertEquals("\"done\"", step.stepDetails().result());
    }

    @Test
    void aParentThatDoesNotExistIsRefused() {
        assertRefused("names no existing CONTEXT", child(id(2), id(1)));
    }

    @Test
    void aParentThatIsNotAContextIsRefused() {
        invocation.checkpoint(stepStart(id(1)));
        assertRefused("only CONTEXT operations can be parents", child(id(2), id(1)));
    }

    @Test
    void aParentStartedEarlierInTheSameCheckpointIsAccepted() {
        CheckpointResponse response = invocation.checkpoint(contextStart(id(1)), child(id(2), id(1)));
        assertEquals(2, response.newExecutionState().operations().size());
    }

    @Test
    void aPayloadOnFailIsRefused() {
        OperationUpdate fail = new OperationUpdate(id(1), null, "s", OperationType.STEP, "Step", OperationAction.FAIL,
                "\"x\"", ErrorObject.of("E", "m"), null, null);
        assertRefused("FAIL cannot carry a Payload", fail);
    }

    @Test
    void anErrorOnSucceedIsRefused() {
        OperationUpdate succeed = new OperationUpdate(id(1), null, "s", OperationType.STEP, "Step", OperationAction.SUCCEED,
                "\"x\"", ErrorObject.of("E", "m"), null, null);
        assertRefused("SUCCEED cannot carry an Error", succeed);
    }

    @Test
    void closingAStepThatAlreadySucceededIsRefused() {
        invocation.checkpoint(stepSucceed(id(1), "1"));
        assertRefused("it is SUCCEEDED", stepFail(id(1), ErrorObject.of("E", "m")));
    }

    @Test
    void retryingAPendingStepIsRefused() {
        invocation.checkpoint(stepRetry(id(1), 60));
        assertRefused("it is PENDING", stepRetry(id(1), 60));
    }

    @Test
    void startingAContextTwiceIsRefused() {
        invocation.checkpoint(contextStart(id(1)));
        assertRefused("CONTEXT may be started only when it is new", contextStart(id(1)));
    }

    @Test
    void cancellingAWaitThatIsNotStartedIsRefused() {
        assertRefused("WAIT may be cancelled only when it is STARTED", update(id(1), OperationType.WAIT, OperationAction.CANCEL));
    }

    @Test
    void aWaitStartWithoutWaitOptionsIsRefused() {
        assertRefused("needs WaitOptions", update(id(1), OperationType.WAIT, OperationAction.START));
    }

    @Test
    void aStepActionTheStepTypeDoesNotHaveIsRefused() {
        assertRefused("not CANCEL", update(id(1), OperationType.STEP, OperationAction.CANCEL));
    }

    @Test
    void anUpdateWhoseTypeDiffersFromTheStoredOperationIsRefused() {
        invocation.checkpoint(waitStart(id(1), 60));
        assertRefused("is a WAIT, not a STEP", stepSucceed(id(1), "1"));
    }

    @Test
    void callbacksAreRefusedAsUnsupported() {
        assertRefused("not supported", update(id(1), OperationType.CALLBACK, OperationAction.START));
    }

    @Test
    void aPayloadOver256KiBIsRefusedWithItsSize() {
        String payload = "\"" + "x".repeat(256 * 1024) + "\"";
        assertRefused("Payload is 262146 bytes; the limit is 262144 bytes", stepSucceed(id(1), payload));
    }

    @Test
    void aPayloadOfExactly256KiBIsAccepted() {
        String payload = "\"" + "x".repeat(256 * 1024 - 2) + "\"";
        invocation.checkpoint(stepSucceed(id(1), payload));
        Operation stored = fixture.service.operations("rules").get(1);
        assertEquals(payload, stored.stepDetails().result());
    }

    @Test
    void anErrorOver32KBIsRefused() {
        ErrorObject huge = new ErrorObject("E", "m", null, List.of("x".repeat(40_000)));
        assertRefused("the limit is 32768 bytes", stepFail(id(1), huge));
    }

    @Test
    void moreThan250UpdatesAreRefused() {
        List<OperationUpdate> updates = new ArrayList<>();
        for (int i = 1; i <= 251; i++) {
            updates.add(stepStart(id(i)));
        }
        assertRefused("Too many updates in one checkpoint: 251", updates.toArray(OperationUpdate[]::new));
    }

    @Test
    void aNameThatIsNotPrintableAsciiIsRefused() {
        OperationUpdate start = new OperationUpdate(id(1), null, "bad\nname", OperationType.STEP, "Step", OperationAction.START,
                null, null, null, null);
        assertRefused("printable ASCII", start);
    }

    @Test
    void aRefusedCheckpointAppliesNoneOfItsUpdates() {
        assertRefused("may appear only once", stepStart(id(1)), stepStart(id(2)), stepStart(id(2)));
        assertEquals(1, fixture.service.operations("rules").size(), "only the EXECUTION operation");
    }
}
