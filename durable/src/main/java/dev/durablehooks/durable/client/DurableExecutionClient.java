package dev.durablehooks.durable.client;

import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.OperationUpdate;

import java.util.List;

/**
 * The engine's one backend seam, shaped like the Lambda durable-execution data-plane API.
 * Implementations: the AWS SDK v2 Lambda client (deployed), and the local durable-execution service.
 *
 * <p>Errors are reported as {@link DurableServiceException}; its {@code retryable()} flag says whether the
 * invocation should be thrown away and retried (invalid token, throttling, 5xx) or the execution failed.
 */
public interface DurableExecutionClient {

    /** Applies {@code updates} in order, all or nothing. Consumes {@code checkpointToken} and returns the next one. */
    CheckpointResponse checkpoint(String durableExecutionArn, String checkpointToken, List<OperationUpdate> updates);

    /** One page of stored operations, in ascending start order. Does not consume the token. */
    ExecutionState getExecutionState(String durableExecutionArn, String checkpointToken, String marker);
}
