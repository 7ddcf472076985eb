package dev.durablehooks.durable.exception;

/** The code asked for a different operation than the history holds at the same position (Type, Name or SubType). */
public class NonDeterministicExecutionException extends UnrecoverableDurableExecutionException {
    public NonDeterministicExecutionException(String message) {
        super(message);
    }
}
