package dev.durablehooks.durable.exception;

/**
 * Unwinds the handler when the invocation must end and the execution continue later (a wait, a retry delay).
 * An {@link Error} so that user code catching {@code Exception} does not swallow it. Only the engine throws it.
 */
public final class SuspendExecutionException extends Error {
    public SuspendExecutionException(String reason) {
        super(reason, null, false, false);
    }
}
