package dev.durablehooks.durable.exception;

/**
 * An error that ends the execution as FAILED no matter what user code does with it: the engine records it
 * when it is raised, so catching it in the handler does not turn the execution into a success.
 */
public class UnrecoverableDurableExecutionException extends DurableExecutionException {
    public UnrecoverableDurableExecutionException(String message) {
        super(message);
    }

    public UnrecoverableDurableExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
