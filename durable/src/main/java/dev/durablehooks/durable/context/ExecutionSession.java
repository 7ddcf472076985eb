package dev.durablehooks.durable.context;

import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.exception.IllegalDurableOperationException;
import dev.durablehooks.durable.exception.SuspendExecutionException;
import dev.durablehooks.durable.exception.UnrecoverableDurableExecutionException;
import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one invocation: the known operations (envelope, pages, and every checkpoint response), the newest
 * checkpoint token, and the updates not yet sent. Checkpoints go out strictly one at a time from the handler thread,
 * each with the newest token.
 *
 * <p>Once the service answers with an error, or the engine raises an unrecoverable error, or the invocation has
 * decided to suspend, the session remembers it: further durable calls re-raise it, so user code that catches it
 * cannot continue as if nothing happened.
 */
public final class ExecutionSession {
    /** The official SDK's per-request ceilings. */
    public static final int MAX_UPDATES_PER_REQUEST = 200;
    public static final long MAX_REQUEST_BYTES = 750_000;

    private final String executionArn;
    private final DurableExecutionClient client;
    private final Map<String, Operation> operations;
    private final List<OperationUpdate> queued = new ArrayList<>();
    private final Thread owner;
    private String checkpointToken;
    private DurableServiceException serviceFailure;
    private UnrecoverableDurableExecutionException fatal;
    private SuspendExecutionException suspension;
    private int checkpointCalls;

    private ExecutionSession(String executionArn, String checkpointToken, DurableExecutionClient client,
                             Map<String, Operation> operations) {
        this.executionArn = executionArn;
        this.checkpointToken = checkpointToken;
        this.client = client;
        this.operations = operations;
        this.owner = Thread.currentThread();
    }

    /** Loads every page of the envelope's state (following NextMarker) before any user code runs. */
    public static ExecutionSession open(InvocationInput input, DurableExecutionClient client) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(client, "client");
        ExecutionSession session = new ExecutionSession(input.durableExecutionArn(), input.checkpointToken(), client,
                new HashMap<>(Math.max(16, input.initialExecutionState().operations().size() * 2)));
        session.absorb(input.initialExecutionState());
        return session;
    }

    public String executionArn() {
        return executionArn;
    }

    /** The newest checkpoint token this invocation holds. */
    public String checkpointToken() {
        return checkpointToken;
    }

    public int checkpointCalls() {
        return checkpointCalls;
    }

    public Operation operation(String id) {
        return operations.get(id);
    }

    /** The EXECUTION operation (found by type), or null when the state has none. */
    public Operation executionOperation() {
        for (Operation op : operations.values()) {
            if (op.type() == OperationType.EXECUTION) {
                return op;
            }
        }
        return null;
    }

    /** True when any stored operation other than the EXECUTION one has the given parent (null = the root). */
    public boolean hasChildren(String parentId) {
        for (Operation op : operations.values()) {
            if (op.type() != OperationType.EXECUTION && Objects.equals(op.parentId(), parentId)) {
                return true;
            }
        }
        return false;
    }

    /** Something the service will wake the execution for: a STEP waiting to retry, or a started WAIT/CALLBACK/INVOKE. */
    public boolean hasPendingOperation() {
        for (Operation op : operations.values()) {
            boolean pending = switch (op.type()) {
                case STEP -> op.status() == OperationStatus.PENDING;
                case WAIT, CALLBACK, CHAINED_INVOKE -> op.status() == OperationStatus.STARTED;
                case EXECUTION, CONTEXT -> false;
            };
            if (pending) {
                return true;
            }
        }
        return false;
    }

    public boolean hasQueuedUpdates() {
        return !queued.isEmpty();
    }

    public void enqueue(OperationUpdate update) {
        queued.add(Objects.requireNonNull(update, "update"));
    }

    /** Sends every queued update, in order, in requests of at most 200 updates / ~750 KB; returns once all are acknowledged. */
    public void flush() {
        while (!queued.isEmpty()) {
            int count = 0;
            long bytes = 0;
            while (count < queued.size() && count < MAX_UPDATES_PER_REQUEST) {
                long size = estimatedSize(queued.get(count));
                if (count > 0 && bytes + size > MAX_REQUEST_BYTES) {
                    break;
                }
                bytes += size;
                count++;
            }
            List<OperationUpdate> batch = List.copyOf(queued.subList(0, count));
            send(batch);
            queued.subList(0, count).clear();
        }
    }

    private void send(List<OperationUpdate> batch) {
        CheckpointResponse response;
        try {
            checkpointCalls++;
            response = client.checkpoint(executionArn, checkpointToken, batch);
        } catch (DurableServiceException e) {
            throw recordServiceFailure(e);
        } catch (RuntimeException e) {
            throw recordServiceFailure(new DurableServiceException(null, 0, "Checkpoint call failed: " + e));
        }
        if (response == null) {
            throw recordServiceFailure(new DurableServiceException(null, 0, "Checkpoint call returned no response"));
        }
        checkpointToken = response.checkpointToken();
        absorb(response.newExecutionState());
    }

    private void absorb(ExecutionState state) {
        ExecutionState page = state;
        while (true) {
            for (Operation op : page.operations()) {
                operations.put(op.id(), op);
            }
            if (!page.hasMore()) {
                return;
            }
            String marker = page.nextMarker();
            try {
                page = client.getExecutionState(executionArn, checkpointToken, marker);
            } catch (DurableServiceException e) {
                throw recordServiceFailure(e);
            } catch (RuntimeException e) {
                throw recordServiceFailure(new DurableServiceException(null, 0, "GetDurableExecutionState failed: " + e));
            }
            if (page == null) {
                throw recordServiceFailure(new DurableServiceException(null, 0, "GetDurableExecutionState returned no page"));
            }
        }
    }

    private static long estimatedSize(OperationUpdate update) {
        long payload = update.payload() == null ? 0 : update.payload().length();
        return update.id().length() + update.type().name().length() + update.action().name().length() + payload + 100;
    }

    /** Throws whatever already ended this invocation, and refuses durable calls from other threads. */
    public void checkUsable() {
        if (serviceFailure != null) {
            throw serviceFailure;
        }
        if (fatal != null) {
            throw fatal;
        }
        if (suspension != null) {
            throw suspension;
        }
        if (Thread.currentThread() != owner) {
            throw recordFatal(new IllegalDurableOperationException(
                    "Durable operations must be called from the handler's own thread (" + owner.getName()
                            + "), not from " + Thread.currentThread().getName() + ": operation ids depend on call order"));
        }
    }

    public DurableServiceException recordServiceFailure(DurableServiceException e) {
        if (serviceFailure == null) {
            serviceFailure = e;
        }
        return serviceFailure;
    }

    public <E extends UnrecoverableDurableExecutionException> E recordFatal(E e) {
        if (fatal == null) {
            fatal = e;
        }
        return e;
    }

    public SuspendExecutionException suspend(String reason) {
        if (suspension == null) {
            suspension = new SuspendExecutionException(reason);
        }
        return suspension;
    }

    public DurableServiceException serviceFailure() {
        return serviceFailure;
    }

    public UnrecoverableDurableExecutionException fatal() {
        return fatal;
    }

    public SuspendExecutionException suspension() {
        return suspension;
    }

    /** UTF-8 size of {@code text} without encoding it. */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
