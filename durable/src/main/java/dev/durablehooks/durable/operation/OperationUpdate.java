package dev.durablehooks.durable.operation;

import java.util.Objects;

/**
 * One change the SDK asks the service to make, sent in a checkpoint request.
 * {@code payload} is JSON text; option blocks are null unless the action needs them.
 */
public record OperationUpdate(
        String id,
        String parentId,
        String name,
        OperationType type,
        String subType,
        OperationAction action,
        String payload,
        ErrorObject error,
        StepOptions stepOptions,
        WaitOptions waitOptions) {

    public OperationUpdate {
        OperationIds.requireValid(id);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
    }
}
