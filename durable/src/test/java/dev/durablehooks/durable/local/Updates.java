package dev.durablehooks.durable.local;

import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepOptions;
import dev.durablehooks.durable.operation.WaitOptions;

/** Short constructors for checkpoint updates in tests. */
final class Updates {
    private Updates() {
    }

    static String id(int n) {
        return OperationIds.of(null, n);
    }

    static OperationUpdate update(String id, OperationType type, OperationAction action) {
        return new OperationUpdate(id, null, "op-" + id.substring(0, 6), type, null, action, null, null, null, null);
    }

    static OperationUpdate stepStart(String id) {
        return update(id, OperationType.STEP, OperationAction.START);
    }

    static OperationUpdate stepSucceed(String id, String payload) {
        return new OperationUpdate(id, null, "op-" + id.substring(0, 6), OperationType.STEP, "Step", OperationAction.SUCCEED,
                payload, null, null, null);
    }

    static OperationUpdate stepFail(String id, ErrorObject error) {
        return new OperationUpdate(id, null, "op-" + id.substring(0, 6), OperationType.STEP, "Step", OperationAction.FAIL,
                null, error, null, null);
    }

    static OperationUpdate stepRetry(String id, int delaySeconds) {
        return new OperationUpdate(id, null, "op-" + id.substring(0, 6), OperationType.STEP, "Step", OperationAction.RETRY,
                null, ErrorObject.of("java.io.IOException", "flaky"), new StepOptions(delaySeconds), null);
    }

    static OperationUpdate waitStart(String id, int seconds) {
        return new OperationUpdate(id, null, "wait-" + id.substring(0, 6), OperationType.WAIT, "Wait", OperationAction.START,
                null, null, null, new WaitOptions(seconds));
    }

    static OperationUpdate contextStart(String id) {
        return new OperationUpdate(id, null, "ctx-" + id.substring(0, 6), OperationType.CONTEXT, "RunInChildContext",
                OperationAction.START, null, null, null, null);
    }

    static OperationUpdate child(String id, String parentId) {
        return new OperationUpdate(id, parentId, "child-" + id.substring(0, 6), OperationType.STEP, "Step",
                OperationAction.START, null, null, null, null);
    }

    static OperationUpdate executionSucceed(String executionOpId, String payload) {
        return new OperationUpdate(executionOpId, null, null, OperationType.EXECUTION, null, OperationAction.SUCCEED,
                payload, null, null, null);
    }
}
