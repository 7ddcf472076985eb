package dev.durablehooks.durable.operation;

/** Options of a STEP RETRY update: whole seconds until the next attempt, 1..31,622,400. */
public record StepOptions(int nextAttemptDelaySeconds) {
    public StepOptions {
        if (nextAttemptDelaySeconds < 1 || nextAttemptDelaySeconds > 31_622_400) {
            throw new IllegalArgumentException("nextAttemptDelaySeconds must be 1..31622400, was " + nextAttemptDelaySeconds);
        }
    }
}
