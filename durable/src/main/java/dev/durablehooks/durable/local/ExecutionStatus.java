package dev.durablehooks.durable.local;

/** Execution-level status, as in the control-plane APIs. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}
