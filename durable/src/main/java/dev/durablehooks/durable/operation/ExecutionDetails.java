package dev.durablehooks.durable.operation;

/** EXECUTION state: the caller's original input as JSON text (may be null). */
public record ExecutionDetails(String inputPayload) {
}
