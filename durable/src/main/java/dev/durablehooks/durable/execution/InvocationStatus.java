package dev.durablehooks.durable.execution;

/** What an invocation of a durable handler reports back to the service. */
public enum InvocationStatus {
    SUCCEEDED, FAILED, PENDING
}
