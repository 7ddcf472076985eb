package dev.durablehooks.durable.operation;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored operation of a durable execution, as the service keeps and returns it.
 * Only the details block matching {@link #type()} is non-null.
 */
public record Operation(
        String id,
        String parentId,
        String name,
        OperationType type,
        String subType,
        OperationStatus status,
        Instant startTimestamp,
        Instant endTimestamp,
        ExecutionDetails executionDetails,
        ContextDetails contextDetails,
        StepDetails stepDetails,
        WaitDetails waitDetails) {

    public Operation {
        OperationIds.requireValid(id);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
    }
}
