package dev.durablehooks.durable.operation;

/** CONTEXT state. */
public record ContextDetails(boolean replayChildren, String result, ErrorObject error) {
}
