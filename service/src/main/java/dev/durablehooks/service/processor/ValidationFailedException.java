package dev.durablehooks.service.processor;

/** The payload breaks the seed's business rules; the message is the seed's, word for word. Not retried. */
public class ValidationFailedException extends RuntimeException {
    public ValidationFailedException(String message) {
        super(message);
    }
}
