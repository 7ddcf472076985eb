package dev.durablehooks.durable.operation;

import java.util.List;

/** A page of stored operations (none when null); {@code nextMarker} is null or empty on the last page. */
public record ExecutionState(List<Operation> operations, String nextMarker) {
    public ExecutionState {
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    public boolean hasMore() {
        return nextMarker != null && !nextMarker.isEmpty();
    }
}
