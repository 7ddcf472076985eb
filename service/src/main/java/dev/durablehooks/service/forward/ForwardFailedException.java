package dev.durablehooks.service.forward;

/**
 * The downstream answered a status that retrying will not change (a 4xx other than 408 and 429).
 * Its message is the execution's error, word for word.
 */
public class ForwardFailedException extends RuntimeException {
    public ForwardFailedException(String message) {
        super(message);
    }

    public static ForwardFailedException downstreamAnswered(int status) {
        return new ForwardFailedException("Forward failed: downstream answered " + status);
    }
}
