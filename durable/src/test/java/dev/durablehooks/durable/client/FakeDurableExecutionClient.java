package dev.durablehooks.durable.client;

import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.operation.ExecutionDetails;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepDetails;
import dev.durablehooks.durable.operation.WaitDetails;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory durable-execution service for engine tests. Strict where the engine could go wrong: every token is
 * single use (a stale or reused one is refused with the service's "Invalid Checkpoint Token" error), tokens of an
 * earlier invocation die when a new invocation starts, and the transition and batching rules of the protocol
 * (§2.3, §3.3) are enforced. Time only moves when the test calls {@link #advanceTime(Duration)}.
 */
public final class FakeDurableExecutionClient implements DurableExecutionClient {
    public static final String INVALID_TOKEN = "InvalidParameterValueException";

    private final String executionId;
    private final String arn;
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final List<List<OperationUpdate>> requests = new ArrayList<>();
    private final List<String> checkpointTokensUsed = new ArrayList<>();
    private final Deque<RuntimeException> injectedFailures = new ArrayDeque<>();
    private final int pageSize;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private String currentToken;
    private int tokenCounter;
    private int stateCalls;

    public FakeDurableExecutionClient(String inputJson) {
        this(inputJson, 1000);
    }

    public FakeDurableExecutionClient(String inputJson, int pageSize) {
        this.pageSize = pageSize;
        this.executionId = "exec-0001";
        this.arn = "arn:aws:lambda:us-east-1:123456789012:function:test:$LATEST/durable-execution/run-1/" + executionId;
        operations.put(executionId, new Operation(executionId, null, null, OperationType.EXECUTION, null,
                OperationStatus.STARTED, now, null, new ExecutionDetails(inputJson), null, null, null));
    }

    public String arn() {
        return arn;
    }

    /** Stores operations as if an earlier invocation had checkpointed them. */
    public FakeDurableExecutionClient withStored(Operation... stored) {
        for (Operation op : stored) {
            operations.put(op.id(), op);
        }
        return this;
    }

    /** The envelope of a new invocation: a fresh token (every older token is now invalid) and the first state page. */
    public InvocationInput nextInvocation() {
        currentToken = newToken();
        return new InvocationInput(arn, currentToken, page(0), List.of());
    }

    /** The next checkpoint or state call fails with {@code failure} instead of being served. */
    public void failNextCall(RuntimeException failure) {
        injectedFailures.add(failure);
    }

    @Override
    public synchronized CheckpointResponse checkpoint(String durableExecutionArn, String checkpointToken,
                                                      List<OperationUpdate> updates) {
        checkpointTokensUsed.add(checkpointToken);
        throwInjected();
        requireArnAndToken(durableExecutionArn, checkpointToken);
        if (isClosed()) {
            throw invalid("the execution is closed; no further checkpoints are accepted");
        }
        validateBatch(updates);
        Map<String, Operation> staged = new LinkedHashMap<>(operations);
        Set<String> changed = new java.util.LinkedHashSet<>();
        for (OperationUpdate update : updates) {
            staged.put(update.id(), apply(staged.get(update.id()), update));
            changed.add(update.id());
        }
        operations.clear();
        operations.putAll(staged);
        requests.add(List.copyOf(updates));
        currentToken = newToken();
        List<Operation> changedOps = changed.stream().map(operations::get).toList();
        return new CheckpointResponse(currentToken, new ExecutionState(changedOps, null));
    }

    @Override
    public synchronized ExecutionState getExecutionState(String durableExecutionArn, String checkpointToken, String marker) {
        stateCalls++;
        throwInjected();
        requireArnAndToken(durableExecutionArn, checkpointToken);
        int from;
        try {
            from = Integer.parseInt(marker);
        } catch (NumberFormatException e) {
            throw invalid("bad marker " + marker);
        }
        return page(from);
    }

    private ExecutionState page(int from) {
        List<Operation> all = new ArrayList<>(operations.values());
        int to = Math.min(all.size(), from + pageSize);
        return new ExecutionState(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    /** Moves the clock: PENDING steps whose retry time came become READY, WAITs whose time came SUCCEEDED. */
    public synchronized void advanceTime(Duration duration) {
        now = now.plus(duration);
        for (Operation op : List.copyOf(operations.values())) {
            if (op.type() == OperationType.STEP && op.status() == OperationStatus.PENDING
                    && !op.stepDetails().nextAttemptTimestamp().isAfter(now)) {
                operations.put(op.id(), with(op, OperationStatus.READY, op.stepDetails(), null));
            }
            if (op.type() == OperationType.WAIT && op.status() == OperationStatus.STARTED
                    && !op.waitDetails().scheduledEndTimestamp().isAfter(now)) {
                operations.put(op.id(), with(op, OperationStatus.SUCCEEDED, null, now));
            }
        }
    }

    private Operation apply(Operation current, OperationUpdate u) {
        return switch (u.type()) {
            case STEP -> applyStep(current, u);
            case WAIT -> applyWait(current, u);
            case EXECUTION -> applyExecution(current, u);
            default -> throw invalid("the fake does not support " + u.type());
        };
    }

    private Operation applyStep(Operation current, OperationUpdate u) {
        OperationStatus status = current == null ? null : current.status();
        StepDetails details = current == null || current.stepDetails() == null
                ? new StepDetails(0, null, null, null) : current.stepDetails();
        return switch (u.action()) {
            case START -> {
                if (status != null && status != OperationStatus.READY) {
                    throw invalid("START of step " + u.id() + " in status " + status);
                }
                yield new Operation(u.id(), u.parentId(), u.name(), u.type(), u.subType(), OperationStatus.STARTED,
                        current == null ? now : current.startTimestamp(), null, null, null, details, null);
            }
            case SUCCEED, FAIL, RETRY -> {
                if (status != null && status != OperationStatus.STARTED && status != OperationStatus.READY) {
                    throw invalid(u.action() + " of step " + u.id() + " in status " + status);
                }
                if (u.action() == OperationAction.SUCCEED && u.error() != null) {
                    throw invalid("SUCCEED with an Error");
                }
                if (u.action() == OperationAction.FAIL && u.payload() != null) {
                    throw invalid("FAIL with a Payload");
                }
                if (u.action() == OperationAction.RETRY && (u.stepOptions() == null || (u.error() != null && u.payload() != null))) {
                    throw invalid("RETRY needs StepOptions and at most one of Error/Payload");
                }
                if ((u.action() == OperationAction.FAIL || u.action() == OperationAction.RETRY)
                        && u.error() != null && errorSize(u) > 32 * 1024) {
                    throw invalid("error object over 32 KB");
                }
                int attempt = details.attempt() + 1;
                OperationStatus next = switch (u.action()) {
                    case SUCCEED -> OperationStatus.SUCCEEDED;
                    case FAIL -> OperationStatus.FAILED;
                    default -> OperationStatus.PENDING;
                };
                Instant nextAttempt = u.action() == OperationAction.RETRY
                        ? now.plusSeconds(u.stepOptions().nextAttemptDelaySeconds()) : null;
                String result = u.action() == OperationAction.RETRY ? null : u.payload();
                yield new Operation(u.id(), u.parentId(), u.name(), u.type(), u.subType(), next,
                        current == null ? now : current.startTimestamp(), next.isTerminal() ? now : null, null, null,
                        new StepDetails(attempt, nextAttempt, result, u.error()), null);
            }
            default -> throw invalid(u.action() + " is not a STEP action");
        };
    }

    private Operation applyWait(Operation current, OperationUpdate u) {
        if (u.action() != OperationAction.START || current != null || u.waitOptions() == null) {
            throw invalid("WAIT accepts only START with WaitOptions, once");
        }
        return new Operation(u.id(), u.parentId(), u.name(), u.type(), u.subType(), OperationStatus.STARTED, now, null,
                null, null, null, new WaitDetails(now.plusSeconds(u.waitOptions().waitSeconds())));
    }

    private Operation applyExecution(Operation current, OperationUpdate u) {
        if (current == null || u.action() != OperationAction.SUCCEED && u.action() != OperationAction.FAIL) {
            throw invalid("EXECUTION accepts SUCCEED or FAIL on the execution itself");
        }
        return new Operation(current.id(), null, current.name(), current.type(), current.subType(),
                u.action() == OperationAction.SUCCEED ? OperationStatus.SUCCEEDED : OperationStatus.FAILED,
                current.startTimestamp(), now, new ExecutionDetails(u.payload()), null, null, null);
    }

    private void validateBatch(List<OperationUpdate> updates) {
        if (updates.size() > 250) {
            throw invalid("more than 250 updates in one request");
        }
        Set<String> seen = new HashSet<>();
        Set<String> startedHere = new HashSet<>();
        for (int i = 0; i < updates.size(); i++) {
            OperationUpdate u = updates.get(i);
            if (u.type() == OperationType.EXECUTION && i != updates.size() - 1) {
                throw invalid("the EXECUTION update must be the last one");
            }
            boolean secondAfterStart = startedHere.remove(u.id()) && u.action() != OperationAction.START;
            if (!seen.add(u.id()) && !secondAfterStart) {
                throw invalid("operation " + u.id() + " appears more than once");
            }
            if (u.action() == OperationAction.START && (u.type() == OperationType.STEP || u.type() == OperationType.CONTEXT)) {
                startedHere.add(u.id());
            }
        }
    }

    private static int errorSize(OperationUpdate u) {
        int size = 100;
        size += u.error().errorMessage() == null ? 0 : u.error().errorMessage().length();
        size += u.error().errorType() == null ? 0 : u.error().errorType().length();
        if (u.error().stackTrace() != null) {
            for (String frame : u.error().stackTrace()) {
                size += frame.length() + 3;
            }
        }
        return size;
    }

    private void requireArnAndToken(String durableExecutionArn, String checkpointToken) {
        if (!arn.equals(durableExecutionArn)) {
            throw new DurableServiceException("ResourceNotFoundException", 404, "no execution " + durableExecutionArn);
        }
        if (currentToken == null || !currentToken.equals(checkpointToken)) {
            throw new DurableServiceException(INVALID_TOKEN, 400,
                    "Invalid Checkpoint Token: " + checkpointToken + " (expected the newest, " + currentToken + ")");
        }
    }

    private void throwInjected() {
        RuntimeException failure = injectedFailures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    private boolean isClosed() {
        return operations.get(executionId).status().isTerminal();
    }

    private static DurableServiceException invalid(String message) {
        return new DurableServiceException("InvalidParameterValueException", 400, message);
    }

    private String newToken() {
        return "token-" + (++tokenCounter);
    }

    private static Operation with(Operation op, OperationStatus status, StepDetails step, Instant end) {
        return new Operation(op.id(), op.parentId(), op.name(), op.type(), op.subType(), status, op.startTimestamp(),
                end, op.executionDetails(), op.contextDetails(), step, op.waitDetails());
    }

    public synchronized List<List<OperationUpdate>> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<String> checkpointTokensUsed() {
        return List.copyOf(checkpointTokensUsed);
    }

    public synchronized int stateCalls() {
        return stateCalls;
    }

    public synchronized List<Operation> operations() {
        return List.copyOf(operations.values());
    }

    public synchronized Operation operation(String name) {
        return operations.values().stream().filter(op -> name.equals(op.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no operation named " + name + " in " + operations.values()));
    }

    public synchronized Operation execution() {
        return operations.get(executionId);
    }
}
