package dev.durablehooks.durable.local;

import dev.durablehooks.durable.operation.Operation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the local durable-execution service keeps executions and operations. Writes complete only once durable.
 * Checkpoint tokens are not stored: like Lambda's, they belong to the process running the invocation; what a store
 * keeps is each execution's lease (who runs it, until when) and wake time, which is all a restarted (or another)
 * process needs to find the work that was left behind.
 *
 * <p>Implementations: {@link dev.durablehooks.durable.local.sqlite.SqliteExecutionStore}; a DynamoDB store can
 * implement the same contract with conditional writes.
 */
public interface ExecutionStore {

    /**
     * Stores {@code execution} with its EXECUTION operation unless an execution with the same name exists.
     * Completes with the stored execution: {@code execution} itself if it was created, otherwise the existing one.
     */
    CompletableFuture<ExecutionRecord> createIfAbsent(ExecutionRecord execution, Operation executionOperation);

    /**
     * Like {@link #createIfAbsent}, in the same atomic write as {@code guard}'s decision: completes with empty
     * (nothing created) when the guard refuses. Stores that cannot run the given kind of guard throw
     * {@link IllegalArgumentException}.
     */
    default CompletableFuture<Optional<ExecutionRecord>> createIfAdmitted(ExecutionRecord execution,
                                                                         Operation executionOperation, StartGuard guard) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " cannot run start guards");
    }

    /**
     * Atomically upserts {@code operations} (by execution name and operation id) and, when {@code execution} is not
     * null, replaces the execution record. Completes once durable.
     */
    CompletableFuture<Void> save(String executionName, ExecutionRecord execution, List<StoredOperation> operations);

    /**
     * {@link #save} for a write the caller will not wait for (it only watches the future for failure): the store may
     * hold its commit back a moment to share it with a write someone waits for. Default: {@link #save}.
     */
    default CompletableFuture<Void> saveUnawaited(String executionName, ExecutionRecord execution,
                                                  List<StoredOperation> operations) {
        return save(executionName, execution, operations);
    }

    Optional<ExecutionRecord> find(String executionName);

    /** The execution's operations in start order; empty if unknown. */
    List<StoredOperation> operations(String executionName);

    /**
     * Every execution that is not terminal with its operations in start order, as {@link #operations} gives them:
     * the recovery scan after a restart. A store should read them all at once, not one execution at a time (after a
     * crash during a burst there may be 100,000s).
     */
    List<Unfinished> unfinishedWithOperations();

    /** An unfinished execution and its operations, the EXECUTION operation first. */
    record Unfinished(ExecutionRecord record, List<StoredOperation> operations) {
        public Unfinished {
            Objects.requireNonNull(record, "record");
            operations = List.copyOf(operations);
        }
    }

    /** Executions not terminal whose wake time or lease expiry is at or before {@code now}, at most {@code limit}. */
    List<ExecutionRecord> due(Instant now, int limit);

    int countUnfinished();

    /**
     * True when several processes run executions from this store: each invocation's lease is then written before
     * the invocation runs, so that no other process takes the execution while it is leased. A store used by one
     * process (SQLite) skips that write: after a restart every unfinished execution is invoked again anyway.
     */
    default boolean sharedBetweenProcesses() {
        return false;
    }

    /**
     * True when writes become durable in the order they were issued, and a crash can lose only a suffix of them
     * (one writer committing a FIFO queue, as the SQLite store does). Only such a store can acknowledge checkpoints
     * before they are durable: a lost checkpoint then always takes every later write with it.
     */
    default boolean durableInIssueOrder() {
        return false;
    }

    /** Completes once every write issued before this call is durable. */
    default CompletableFuture<Void> awaitDurable() {
        return CompletableFuture.completedFuture(null);
    }

    /** Deletes terminal executions (and their operations) that ended before {@code cutoff}; returns how many. */
    CompletableFuture<Integer> purgeFinishedBefore(Instant cutoff);
}
