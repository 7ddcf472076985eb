package dev.durablehooks.durable.operation;

/** Options of a WAIT START update: whole seconds to wait, 1..31,622,400. */
public record WaitOptions(int waitSeconds) {
    public WaitOptions {
        if (waitSeconds < 1 || waitSeconds > 31_622_400) {
            throw new IllegalArgumentException("waitSeconds must be 1..31622400, was " + waitSeconds);
        }
    }
}
