package dev.durablehooks.durable.local;

import dev.durablehooks.durable.operation.ErrorObject;

import java.time.Instant;

/** One execution seen from outside. {@code result} is JSON text when SUCCEEDED; {@code error} set when FAILED. */
public record ExecutionView(String executionName, String durableExecutionArn, ExecutionStatus status,
                            String inputJson, String result, ErrorObject error,
                            Instant startedAt, Instant endedAt) {
}
