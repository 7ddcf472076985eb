package dev.durablehooks.durable.local;

import dev.durablehooks.durable.operation.Operation;

import java.util.Objects;

/** An operation and its 0-based position in its execution's start order (the EXECUTION operation is 0). */
public record StoredOperation(int seq, Operation operation) {
    public StoredOperation {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
        Objects.requireNonNull(operation, "operation");
    }
}
