package dev.durablehooks.durable.local;

import dev.durablehooks.durable.operation.ErrorObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One durable execution as a store keeps it.
 *
 * @param wakeAt when a suspended execution must be invoked again (null: as soon as possible)
 * @param lease  the invocation currently running it, if any; a lease left behind by a dead process or a hung
 *               invocation is what tells the service to invoke the execution again
 */
public record ExecutionRecord(String name, String arn, String inputJson, ExecutionStatus status,
                              String result, ErrorObject error, Instant startedAt, Instant endedAt,
                              Instant wakeAt, InvocationLease lease) {
    public ExecutionRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public ExecutionView view() {
        return new ExecutionView(name, arn, status, inputJson, result, error, startedAt, endedAt);
    }

    public ExecutionRecord withLease(InvocationLease newLease) {
        return new ExecutionRecord(name, arn, inputJson, status, result, error, startedAt, endedAt, null, newLease);
    }

    public ExecutionRecord suspendedUntil(Instant wake) {
        return new ExecutionRecord(name, arn, inputJson, status, result, error, startedAt, endedAt, wake, null);
    }

    public ExecutionRecord finished(ExecutionStatus terminal, String resultJson, ErrorObject failure, Instant at) {
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException("not a terminal status: " + terminal);
        }
        return new ExecutionRecord(name, arn, inputJson, terminal, resultJson, failure, startedAt, at, null, null);
    }

    /** The lease of the invocation running this execution: who holds it and until when. */
    public record InvocationLease(String invocationId, Instant expiresAt) {
        public InvocationLease {
            Objects.requireNonNull(invocationId, "invocationId");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }
}
