package dev.durablehooks.durable.exception;

import dev.durablehooks.durable.operation.ErrorObject;

import java.util.Objects;

/**
 * A step failed for good (retries used up or not allowed) and its stored error could not be rebuilt as the
 * original unchecked exception type. {@link #error()} is the error exactly as checkpointed.
 */
public class StepFailedException extends DurableExecutionException {
    private final transient ErrorObject error;

    public StepFailedException(ErrorObject error) {
        this(error, null);
    }

    public StepFailedException(ErrorObject error, Throwable cause) {
        super(describe(error), cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    public ErrorObject error() {
        return error;
    }

    private static String describe(ErrorObject error) {
        Objects.requireNonNull(error, "error");
        String type = error.errorType() == null ? "unknown error" : error.errorType();
        return error.errorMessage() == null ? type : type + ": " + error.errorMessage();
    }
}
