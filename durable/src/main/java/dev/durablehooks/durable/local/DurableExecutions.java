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
     * The length of those executions' inputs, in JSON characters: what they hold in memory beyond a small fixed
     * amount each, so that a host can bound the memory of its backlog as well as its length.
     */
    long inFlightInputChars();

    @Override
    void close();
}
