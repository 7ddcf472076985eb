package dev.durablehooks.durable.operation;

import java.util.List;

/** A page of stored operations; {@code nextMarker} is null or empty on the last page. */
public record ExecutionState(List<Operation> operations, String nextMarker) {
    public ExecutionState {
        operations = List.copyOf(operations);
    }

    public boolean hasMore() {
        return nextMarker != null && !nextMarker.isEmpty();
    }
}
