package dev.durablehooks.durable.local;

import dev.durablehooks.durable.operation.Operation;

import java.util.List;
import java.util.Optional;

/**
 * The local durable-execution service as its hosts see it: start executions by name (idempotently), observe
 * them, and know how much work is in flight. It invokes the registered handler, re-invokes suspended executions
 * when they become ready, and re-invokes executions whose invocation died, after a restart.
 */
public interface DurableExecutions extends AutoCloseable {

    /**
     * Starts the execution {@code executionName} with {@code inputJson}, durably, before returning.
     * The same name with the same input returns the existing execution ({@code created == false});
     * the same name with a different input throws {@link ExecutionAlreadyExistsException}.
     */
    StartResult start(String executionName, String inputJson);

    /**
     * Like {@link #start}, but the execution is created only if {@code guard} admits it, decided in the same atomic
     * write that creates it; empty when refused. An execution of that name already running in this process is
     * returned as {@link #start} would, without consulting the guard.
     */
    Optional<StartResult> startIfAdmitted(String executionName, String inputJson, StartGuard guard);

    Optional<ExecutionView> describe(String executionName);

    /** The execution's operations in start order (the EXECUTION operation first). Empty if unknown. */
    List<Operation> operations(String executionName);

    /** Executions started but not yet terminal. */
    int inFlight();

    /**
     * The heap those executions hold, estimated as {@link #heapBytesOf} of each one's input, so that a host can bound
     * the memory of its backlog as well as its length.
     */
    long inFlightHeapBytes();

    /**
     * The heap one execution in flight holds, estimated: a fixed part ({@value #EXECUTION_HEAP_BYTES}) plus its input's
     * characters, one byte each, or two each if any of them needs two (a {@code String}'s compact storage).
     */
    static long heapBytesOf(String inputJson) {
        if (inputJson == null) {
            return EXECUTION_HEAP_BYTES;
        }
        for (int i = 0; i < inputJson.length(); i++) {
            if (inputJson.charAt(i) > 0xFF) {
                return EXECUTION_HEAP_BYTES + 2L * inputJson.length();
            }
        }
        return EXECUTION_HEAP_BYTES + inputJson.length();
    }

    /**
     * What a queued execution holds besides its input: its record, EXECUTION operation, lock, map entries and
     * strings. A class histogram of 250,000 queued executions measured 1,052 bytes each (BENCHMARKS.md); rounded up.
     */
    long EXECUTION_HEAP_BYTES = 1_100;

    @Override
    void close();
}
