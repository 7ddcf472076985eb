package dev.durablehooks.durable.exception;

/** The invocation envelope is not valid durable-execution JSON (malformed, or a required key is missing). */
public class InvalidEnvelopeException extends DurableExecutionException {
    public InvalidEnvelopeException(String message) {
        super(message);
    }

    public InvalidEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
