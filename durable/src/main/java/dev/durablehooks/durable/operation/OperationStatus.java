package dev.durablehooks.durable.operation;

/** Status of a stored operation, spelled as on the wire. */
public enum OperationStatus {
    STARTED, PENDING, READY, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, STOPPED;

    public boolean isTerminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, STOPPED -> true;
            case STARTED, PENDING, READY -> false;
        };
    }
}
