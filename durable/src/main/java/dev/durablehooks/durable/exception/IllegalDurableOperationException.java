package dev.durablehooks.durable.exception;

/** A durable operation was used in a way the engine cannot make durable (e.g. a step inside a step, an oversized result). */
public class IllegalDurableOperationException extends UnrecoverableDurableExecutionException {
    public IllegalDurableOperationException(String message) {
        super(message);
    }
}
