package dev.durablehooks.durable.client;

import dev.durablehooks.durable.operation.ExecutionState;

import java.util.Objects;

/** The next token, and every operation whose state changed since the previous checkpoint call. */
public record CheckpointResponse(String checkpointToken, ExecutionState newExecutionState) {
    public CheckpointResponse {
        Objects.requireNonNull(checkpointToken, "checkpointToken");
        Objects.requireNonNull(newExecutionState, "newExecutionState");
    }
}
