package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.operation.ExecutionState;

import java.util.List;
import java.util.Objects;

/** The durable invocation envelope the service hands to the handler. */
public record InvocationInput(String durableExecutionArn, String checkpointToken,
                              ExecutionState initialExecutionState, List<String> updatedOperationIds) {
    public InvocationInput {
        Objects.requireNonNull(durableExecutionArn, "DurableExecutionArn is required: was the function invoked without durable config?");
        Objects.requireNonNull(checkpointToken, "CheckpointToken is required: was the function invoked without durable config?");
        Objects.requireNonNull(initialExecutionState, "InitialExecutionState");
        updatedOperationIds = updatedOperationIds == null ? List.of() : List.copyOf(updatedOperationIds);
    }
}
