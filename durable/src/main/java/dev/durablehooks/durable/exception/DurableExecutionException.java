package dev.durablehooks.durable.exception;

/** Base of every error the durable engine raises into user code or reports as an execution failure. */
public class DurableExecutionException extends RuntimeException {
    public DurableExecutionException(String message) {
        super(message);
    }

    public DurableExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
