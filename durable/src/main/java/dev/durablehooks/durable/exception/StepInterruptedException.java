package dev.durablehooks.durable.exception;

/**
 * An at-most-once step was found STARTED on replay: its attempt was cut off (crash, timeout) and may or may not
 * have had its effect, so it is not run again for that attempt. The retry strategy decides what happens next.
 */
public class StepInterruptedException extends DurableExecutionException {
    public StepInterruptedException(String message) {
        super(message);
    }
}
