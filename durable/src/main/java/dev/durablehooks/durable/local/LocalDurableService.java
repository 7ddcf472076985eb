package dev.durablehooks.durable.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.execution.InvocationOutput;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.ExecutionDetails;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepDetails;
import dev.durablehooks.durable.serde.EnvelopeJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A local stand-in for the Lambda durable-execution service: it starts executions by name, invokes the handler
 * with the durable envelope on virtual threads, validates checkpoint tokens and updates, writes every checkpoint
 * through the store (acknowledged only once durable), turns PENDING steps READY and WAITs SUCCEEDED when their time
 * comes, re-invokes suspended executions then, and re-invokes executions whose invocation died or hung.
 *
 * <p>Running executions are kept in memory (operations, current invocation and token), so a checkpoint does no
 * reads; terminal ones are read back from the store. Checkpoint tokens live only in this process, like Lambda's:
 * after a restart every token is stale and {@link #start()} invokes every unfinished execution again.
 */
public final class LocalDurableService implements DurableExecutions, DurableExecutionClient {
    private static final Logger log = LoggerFactory.getLogger(LocalDurableService.class);
    static final String ARN_PREFIX = "arn:aws:lambda:local:000000000000:function:webhook:$LATEST/durable-execution/";
    static final String NOTHING_PENDING = "Cannot return PENDING status with no pending operations";
    private static final long MAX_INPUT_BYTES = 6L * 1024 * 1024;
    private static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(1);

    private final ExecutionStore store;
    private final Invoker invoker;
    private final Clock clock;
    private final Duration invocationLease;
    private final int pageSize;
    private final int maxInvocationAttempts;
    private final Duration invocationRetryBackoff;
    private final CheckpointRules rules;
    private final boolean acknowledgeQueued;
    private final InvocationPermits permits;
    /** Asks to {@link #pump} not yet served; non-zero while one thread drains. */
    private final AtomicInteger pumpRequests = new AtomicInteger();
    private final int runningHeapMultiple;
    private final ConcurrentLinkedQueue<Execution> ready = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, Execution> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Execution> byArn = new ConcurrentHashMap<>();
    private final AtomicLong inFlightHeapBytes = new AtomicLong();
    /** Invocations in progress (at most maxConcurrentInvocations), for the lease sweep. */
    private final ConcurrentHashMap<Invocation, Execution> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final AtomicLong invocationIds = new AtomicLong();
    private volatile boolean started;
    private volatile boolean closed;

    private LocalDurableService(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.invoker = Objects.requireNonNull(b.invoker, "invoker");
        this.clock = b.clock;
        this.invocationLease = b.invocationLease;
        this.pageSize = b.pageSize;
        this.maxInvocationAttempts = b.maxInvocationAttempts;
        this.invocationRetryBackoff = b.invocationRetryBackoff;
        this.permits = new InvocationPermits(b.maxConcurrentInvocations, b.maxRunningHeapBytes);
        this.runningHeapMultiple = b.runningHeapMultiple;
        this.acknowledgeQueued = b.acknowledgeCheckpointsWhenQueued;
        if (acknowledgeQueued && !store.durableInIssueOrder()) {
            throw new IllegalArgumentException("acknowledgeCheckpointsWhenQueued needs a store whose writes are durable "
                    + "in issue order; " + store.getClass().getSimpleName() + " does not promise that");
        }
        ObjectMapper wire = EnvelopeJson.newWireMapper();
        this.rules = new CheckpointRules(wire);
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("durable-timers").daemon(true).factory());
        // A wake timer is often cancelled (the execution was invoked earlier): drop cancelled timers at once
        // instead of keeping them queued until their deadline.
        timerPool.setRemoveOnCancelPolicy(true);
        this.timers = timerPool;
        // Leases are checked by a sweep, a quarter of a lease apart (10 ms .. 1 s), not by a timer per invocation.
        long sweepMillis = Math.clamp(invocationLease.toMillis() / 4, 10, 1000);
        timers.scheduleWithFixedDelay(this::expireLeases, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts dispatching, and recovers: every unfinished execution in the store is invoked again, at once if an
     * invocation was running it when the previous process stopped (its lease is left behind), otherwise at its
     * wake time. Executions started before this call wait for it.
     */
    public void start() {
        if (closed) {
            throw new IllegalStateException("the service is closed");
        }
        if (started) {
            return;
        }
        Instant now = now();
        int recovered = 0;
        for (ExecutionStore.Unfinished unfinished : store.unfinishedWithOperations()) {
            ExecutionRecord record = unfinished.record();
            if (byName.containsKey(record.name())) {
                continue;
            }
            Execution exec = new Execution(record, unfinished.operations());
            if (!register(exec)) {
                continue;
            }
            recovered++;
            if (record.lease() != null || record.wakeAt() == null || !record.wakeAt().isAfter(now)) {
                enqueue(exec);
            } else {
                scheduleWake(exec, record.wakeAt());
            }
        }
        if (recovered > 0) {
            log.info("Recovered {} unfinished durable executions", recovered);
        }
        started = true;
        pump();
    }

    // ---------------------------------------------------------------------------------------------------------
    // DurableExecutions

    @Override
    public StartResult start(String executionName, String inputJson) {
        return start(executionName, inputJson, null).orElseThrow();
    }

    @Override
    public Optional<StartResult> startIfAdmitted(String executionName, String inputJson, StartGuard guard) {
        return start(executionName, inputJson, Objects.requireNonNull(guard, "guard"));
    }

    private Optional<StartResult> start(String executionName, String inputJson, StartGuard guard) {
        ensureOpen();
        if (executionName == null || !OperationIds.isValid(executionName)) {
            throw new IllegalArgumentException("execution name must match [A-Za-z0-9_-]{1,64}, was " + executionName);
        }
        if (inputJson != null && CheckpointRules.utf8Length(inputJson) > MAX_INPUT_BYTES) {
            throw new IllegalArgumentException("execution input is larger than " + MAX_INPUT_BYTES + " bytes");
        }
        Execution existing = byName.get(executionName);
        if (existing != null) {
            return Optional.of(startedBefore(existing.record, inputJson));
        }
        Instant now = now();
        String executionId = UUID.randomUUID().toString();
        String arn = ARN_PREFIX + executionName + "/" + executionId;
        Operation executionOp = new Operation(executionId, null, null, OperationType.EXECUTION, null,
                OperationStatus.STARTED, now, null, new ExecutionDetails(inputJson), null, null, null);
        ExecutionRecord record = new ExecutionRecord(executionName, arn, inputJson, ExecutionStatus.RUNNING,
                null, null, now, null, null, null);
        Optional<ExecutionRecord> created = guard == null
                ? Optional.of(join(store.createIfAbsent(record, executionOp)))
                : join(store.createIfAdmitted(record, executionOp, guard));
        if (created.isEmpty()) {
            return Optional.empty();
        }
        ExecutionRecord stored = created.get();
        if (!stored.arn().equals(arn)) {
            return Optional.of(startedBefore(stored, inputJson));
        }
        Execution exec = new Execution(record, List.of(new StoredOperation(0, executionOp)));
        if (!register(exec)) {
            exec = byName.get(executionName); // recovery loaded it from the store in the meantime
        }
        enqueue(exec);
        return Optional.of(new StartResult(arn, true));
    }

    private static StartResult startedBefore(ExecutionRecord existing, String inputJson) {
        if (!Objects.equals(existing.inputJson(), inputJson)) {
            throw new ExecutionAlreadyExistsException(existing.name());
        }
        return new StartResult(existing.arn(), false);
    }

    /** The durable state: with checkpoints acknowledged when queued, memory may be ahead of it, so it is read from the store. */
    @Override
    public Optional<ExecutionView> describe(String executionName) {
        Execution exec = acknowledgeQueued ? null : byName.get(executionName);
        if (exec != null) {
            return Optional.of(exec.record.view());
        }
        return store.find(executionName).map(ExecutionRecord::view);
    }

    @Override
    public List<Operation> operations(String executionName) {
        Execution exec = acknowledgeQueued ? null : byName.get(executionName);
        if (exec != null) {
            return exec.snapshot;
        }
        return store.operations(executionName).stream().map(StoredOperation::operation).toList();
    }

    @Override
    public int inFlight() {
        return byName.size();
    }

    @Override
    public long inFlightHeapBytes() {
        return inFlightHeapBytes.get();
    }

    /** The heap the running invocations hold, as {@link Builder#maxRunningHeapBytes} estimates it. */
    public long runningHeapBytes() {
        return permits.runningBytes();
    }

    /**
     * Stops dispatching and timers. Invocations still running are abandoned: their next checkpoint is refused
     * (a retryable error), and the store keeps their lease, so the next {@link #start()} on the same store invokes
     * them again. The store is not closed (its owner closes it).
     */
    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------------------
    // DurableExecutionClient

    @Override
    public CheckpointResponse checkpoint(String durableExecutionArn, String checkpointToken, List<OperationUpdate> updates) {
        if (closed) {
            throw new DurableServiceException("ServiceException", 503, "The local durable-execution service is shutting down");
        }
        Execution exec = execution(durableExecutionArn, checkpointToken);
        List<OperationUpdate> batch = updates == null ? List.of() : updates;
        exec.lock.lock();
        try {
            Invocation inv = requireCurrentToken(exec, checkpointToken);
            Instant now = now();
            Map<String, Operation> timed = dueTimers(exec, now);
            Map<String, Operation> view = new HashMap<>(timed);
            CheckpointRules.Plan plan = rules.apply(id -> view.containsKey(id) ? view.get(id) : exec.operation(id), batch, now);

            Map<String, Operation> changed = new LinkedHashMap<>(timed);
            changed.putAll(plan.changed());
            ExecutionRecord newRecord = null;
            if (plan.executionUpdate() != null) {
                OperationUpdate u = plan.executionUpdate();
                boolean ok = u.action() == OperationAction.SUCCEED;
                Operation execOp = exec.executionOperation();
                changed.put(execOp.id(), withStatus(execOp, ok ? OperationStatus.SUCCEEDED : OperationStatus.FAILED, now));
                newRecord = exec.record.finished(ok ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED,
                        ok ? u.payload() : null, ok ? null : u.error(), now);
            }
            List<StoredOperation> toStore = exec.sequence(changed.values());
            CompletableFuture<Void> saved;
            try {
                saved = persist(exec, newRecord, toStore);
            } catch (RuntimeException e) {
                throw new DurableServiceException("ServiceException", 500,
                        "The checkpoint could not be stored: " + e.getMessage());
            }
            exec.apply(toStore, newRecord);
            exec.failedInvocations = 0;
            String next = newToken();
            if (newRecord != null) {
                // The execution is closed: no token is valid any more.
                exec.terminal = true;
                inv.token = null;
                evictOnceDurable(exec, saved);
            } else {
                inv.token = next;
            }
            List<Operation> changedOps = toStore.stream().map(StoredOperation::operation).toList();
            return new CheckpointResponse(next, new ExecutionState(changedOps, null));
        } finally {
            exec.lock.unlock();
        }
    }

    @Override
    public ExecutionState getExecutionState(String durableExecutionArn, String checkpointToken, String marker) {
        if (closed) {
            throw new DurableServiceException("ServiceException", 503, "The local durable-execution service is shutting down");
        }
        Execution exec = execution(durableExecutionArn, checkpointToken);
        exec.lock.lock();
        try {
            requireCurrentToken(exec, checkpointToken);
            int offset = 0;
            if (marker != null && !marker.isEmpty()) {
                try {
                    offset = Integer.parseInt(marker);
                } catch (NumberFormatException e) {
                    offset = -1;
                }
                if (offset < 0) {
                    throw CheckpointRules.invalid("Invalid Marker: " + marker);
                }
            }
            return page(exec, offset);
        } finally {
            exec.lock.unlock();
        }
    }

    private Execution execution(String arn, String token) {
        Execution exec = arn == null ? null : byArn.get(arn);
        if (exec == null) {
            throw CheckpointRules.invalid("Invalid Checkpoint Token: no running durable execution has the ARN " + arn);
        }
        return exec;
    }

    private static Invocation requireCurrentToken(Execution exec, String token) {
        Invocation inv = exec.current;
        if (exec.terminal || inv == null || inv.token == null || !inv.token.equals(token)) {
            throw CheckpointRules.invalid("Invalid Checkpoint Token: the token is stale, unknown, or its invocation has ended");
        }
        return inv;
    }

    /** One page of the operations an invocation may see, in start order. */
    private ExecutionState page(Execution exec, int offset) {
        List<Operation> visible = visibleOperations(exec.snapshot);
        if (offset > visible.size()) {
            throw CheckpointRules.invalid("Invalid Marker: " + offset);
        }
        int end = Math.min(visible.size(), offset + pageSize);
        String nextMarker = end < visible.size() ? Integer.toString(end) : null;
        return new ExecutionState(visible.subList(offset, end), nextMarker);
    }

    /** Children of a closed CONTEXT are left out (their result is in the context), unless it asked to replay them. */
    static List<Operation> visibleOperations(List<Operation> ops) {
        Map<String, Operation> byId = new HashMap<>();
        for (Operation op : ops) {
            byId.put(op.id(), op);
        }
        List<Operation> visible = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            boolean hidden = false;
            String parentId = op.parentId();
            int depth = 0;
            while (parentId != null && depth++ < 1000) {
                Operation parent = byId.get(parentId);
                if (parent == null) {
                    break;
                }
                if (parent.status().isTerminal() && (parent.contextDetails() == null || !parent.contextDetails().replayChildren())) {
                    hidden = true;
                    break;
                }
                parentId = parent.parentId();
            }
            if (!hidden) {
                visible.add(op);
            }
        }
        return visible;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Invocations

    private void enqueue(Execution exec) {
        exec.lock.lock();
        try {
            if (exec.terminal || exec.queued || exec.current != null) {
                return;
            }
            exec.queued = true;
            if (exec.wake != null) {
                exec.wake.cancel(false);
                exec.wake = null;
            }
        } finally {
            exec.lock.unlock();
        }
        ready.add(exec);
        pump();
    }

    /**
     * Starts what the permits allow, from the head of the queue. One thread at a time drains (whoever asks while
     * another drains only makes it look again), so the head seen is the head taken and nobody waits on a lock: the
     * enqueuing intake threads and the ending invocations all ask.
     */
    private void pump() {
        if (pumpRequests.getAndIncrement() != 0) {
            return;
        }
        int requests = 1;
        do {
            startWhatFits();
            requests = pumpRequests.addAndGet(-requests);
        } while (requests != 0);
    }

    /** The head waits for room rather than letting smaller ones pass it, so that a large execution is not starved. */
    private void startWhatFits() {
        while (started && !closed) {
            Execution exec = ready.peek();
            if (exec == null) {
                return;
            }
            long estimate = runningHeapMultiple * exec.heapBytes;
            if (!permits.tryAcquire(estimate)) {
                return;
            }
            ready.poll();
            Thread.ofVirtual().name("durable-invocation-" + exec.record.name()).start(() -> invoke(exec, estimate));
        }
    }

    private void invoke(Execution exec, long estimatedHeapBytes) {
        Invocation inv = new Invocation("invocation-" + invocationIds.incrementAndGet() + "-" + newToken().substring(0, 8),
                newToken(), estimatedHeapBytes);
        InvocationInput input;
        exec.lock.lock();
        try {
            exec.queued = false;
            if (exec.terminal || closed || exec.current != null) {
                inv.releasePermit(permits);
                pump();
                return;
            }
            Instant now = now();
            Map<String, Operation> timed = dueTimers(exec, now);
            List<StoredOperation> toStore = exec.sequence(timed.values());
            ExecutionRecord leased = exec.record.withLease(
                    new ExecutionRecord.InvocationLease(inv.id, now.plus(invocationLease)));
            if (store.sharedBetweenProcesses() || !toStore.isEmpty()) {
                try {
                    join(store.save(exec.record.name(), leased, toStore));
                } catch (RuntimeException e) {
                    inv.releasePermit(permits);
                    invocationFailed(exec, e);
                    pump();
                    return;
                }
            }
            exec.apply(toStore, leased);
            exec.current = inv;
            inv.leaseDeadline = System.nanoTime() + invocationLease.toNanos();
            running.put(inv, exec);
            input = new InvocationInput(exec.record.arn(), inv.token, page(exec, 0), List.copyOf(timed.keySet()));
        } finally {
            exec.lock.unlock();
        }

        InvocationOutput output = null;
        Throwable failure = null;
        CompletableFuture<Void> lastWrite = null;
        try {
            output = invoker.invoke(input, this);
            if (output == null) {
                failure = new IllegalStateException("the handler returned no output");
            }
        } catch (Throwable t) {
            failure = t;
        }

        exec.lock.lock();
        try {
            if (exec.current == inv) {
                exec.current = null;
                inv.token = null;
                if (!closed) {
                    if (failure != null) {
                        invocationFailed(exec, failure);
                    } else {
                        completed(exec, output);
                    }
                }
            }
            lastWrite = exec.lastWrite;
        } finally {
            exec.lock.unlock();
            running.remove(inv);
            releaseOnceDurable(inv, lastWrite);
        }
    }

    /**
     * An invocation's permit is given back once its writes are durable, not when it returns. With checkpoints
     * acknowledged when queued, an invocation that never waits would otherwise hand its permit on at once, and the
     * invocations would queue writes as fast as the CPU runs them: they would take the single writer's time, and
     * the CPU, from intake in the same proportion as they arrive. Held until durable, the permits bound the work
     * queued for the writer, so under a burst the invocations slow down to the writer's pace and intake (whose
     * writes are awaited) keeps most of it; the backlog grows, within the intake's limit, and drains afterwards.
     */
    private void releaseOnceDurable(Invocation inv, CompletableFuture<Void> lastWrite) {
        if (lastWrite == null || lastWrite.isDone()) {
            inv.releasePermit(permits);
            pump();
        } else {
            lastWrite.whenComplete((ignored, failure) -> {
                inv.releasePermit(permits);
                pump();
            });
        }
    }

    /** Called with the execution locked, after its invocation returned. */
    private void completed(Execution exec, InvocationOutput output) {
        if (exec.terminal) {
            return; // closed by an EXECUTION checkpoint: the returned result is empty by design
        }
        switch (output.status()) {
            case SUCCEEDED -> finish(exec, ExecutionStatus.SUCCEEDED, output.result(), null);
            case FAILED -> finish(exec, ExecutionStatus.FAILED, null, output.error());
            case PENDING -> {
                Instant wake = pendingWake(exec);
                if (wake == null) {
                    finish(exec, ExecutionStatus.FAILED, null, ErrorObject.of("IllegalStateException", NOTHING_PENDING));
                    return;
                }
                ExecutionRecord suspended = exec.record.suspendedUntil(wake);
                try {
                    join(store.save(exec.record.name(), suspended, List.of()));
                } catch (RuntimeException e) {
                    invocationFailed(exec, e);
                    return;
                }
                exec.apply(List.of(), suspended);
                exec.failedInvocations = 0;
                scheduleWake(exec, wake);
            }
        }
    }

    /**
     * When a suspended execution must run again: a STEP PENDING at its NextAttemptTimestamp, a READY step at once,
     * a WAIT at its ScheduledEndTimestamp; null when nothing is pending.
     */
    private Instant pendingWake(Execution exec) {
        Instant earliest = null;
        for (Operation op : exec.snapshot) {
            Instant at = null;
            if (op.type() == OperationType.STEP && op.status() == OperationStatus.PENDING) {
                StepDetails d = op.stepDetails();
                at = d == null || d.nextAttemptTimestamp() == null ? now() : d.nextAttemptTimestamp();
            } else if (op.type() == OperationType.STEP && op.status() == OperationStatus.READY) {
                at = now();
            } else if (op.type() == OperationType.WAIT && op.status() == OperationStatus.STARTED) {
                at = op.waitDetails() == null || op.waitDetails().scheduledEndTimestamp() == null
                        ? now() : op.waitDetails().scheduledEndTimestamp();
            }
            if (at != null && (earliest == null || at.isBefore(earliest))) {
                earliest = at;
            }
        }
        return earliest;
    }

    /** Called with the execution locked: the invocation threw, hung, or its state could not be stored. */
    private void invocationFailed(Execution exec, Throwable failure) {
        if (exec.terminal || closed) {
            return;
        }
        exec.failedInvocations++;
        if (exec.failedInvocations >= maxInvocationAttempts) {
            log.warn("Execution {} failed: {} invocations in a row did not complete; last error: {}",
                    exec.record.name(), exec.failedInvocations, failure.toString());
            ErrorObject error = ErrorObject.of(failure.getClass().getName(),
                    "Invocation failed " + exec.failedInvocations + " times in a row; last error: " + failure.getMessage());
            if (!finish(exec, ExecutionStatus.FAILED, null, error)) {
                scheduleWake(exec, now().plus(MAX_RETRY_BACKOFF));
            }
            return;
        }
        long factor = 1L << Math.min(20, exec.failedInvocations - 1);
        Duration backoff = invocationRetryBackoff.multipliedBy(factor);
        if (backoff.compareTo(MAX_RETRY_BACKOFF) > 0) {
            backoff = MAX_RETRY_BACKOFF;
        }
        log.debug("Invocation of {} failed ({}); invoking again in {}", exec.record.name(), failure.toString(), backoff);
        scheduleWake(exec, now().plus(backoff));
    }

    /** Called with the execution locked. Returns false when the outcome could not be stored (it will be retried). */
    private boolean finish(Execution exec, ExecutionStatus status, String result, ErrorObject error) {
        Instant now = now();
        Operation execOp = exec.executionOperation();
        OperationStatus opStatus = status == ExecutionStatus.SUCCEEDED ? OperationStatus.SUCCEEDED : OperationStatus.FAILED;
        List<StoredOperation> toStore = exec.sequence(List.of(withStatus(execOp, opStatus, now)));
        ExecutionRecord finished = exec.record.finished(status, result, error, now);
        CompletableFuture<Void> saved;
        try {
            saved = persist(exec, finished, toStore);
        } catch (RuntimeException e) {
            log.warn("Could not store the outcome of execution {}: {}", exec.record.name(), e.toString());
            if (exec.failedInvocations < maxInvocationAttempts) {
                invocationFailed(exec, e);
            }
            return false;
        }
        exec.apply(toStore, finished);
        exec.terminal = true;
        if (exec.wake != null) {
            exec.wake.cancel(false);
            exec.wake = null;
        }
        evictOnceDurable(exec, saved);
        return true;
    }

    /**
     * Writes a checkpoint or an outcome. Waits for it (and throws its failure), unless checkpoints are acknowledged
     * when queued: then it only watches the write (see {@link #watch}). Returns the write.
     */
    private CompletableFuture<Void> persist(Execution exec, ExecutionRecord record, List<StoredOperation> operations) {
        if (!acknowledgeQueued) {
            CompletableFuture<Void> saved = store.save(exec.record.name(), record, operations);
            join(saved);
            return saved;
        }
        CompletableFuture<Void> saved = store.saveUnawaited(exec.record.name(), record, operations);
        exec.lastWrite = saved;
        if (saved.isDone()) {
            join(saved); // refused at once (closed store): fail now, as the waiting mode would
        } else {
            watch(exec, saved);
        }
        return saved;
    }

    /**
     * A terminal execution leaves memory once its last write is durable: until then it still counts as in flight
     * and its name stays taken.
     */
    private void evictOnceDurable(Execution exec, CompletableFuture<Void> saved) {
        if (saved.isDone()) {
            evict(exec);
        } else {
            saved.thenRun(() -> evict(exec));
        }
    }

    /**
     * With checkpoints acknowledged when queued, a write that then fails leaves memory ahead of the store. The
     * execution is treated as if its process had died: the running invocation loses its token, the in-memory state
     * is dropped, and the execution is loaded again from the store and invoked again (unless the store says it
     * ended).
     */
    private void watch(Execution exec, CompletableFuture<Void> saved) {
        saved.whenComplete((ignored, failure) -> {
            if (failure == null) {
                return;
            }
            // The completing thread may still have to complete a write that the lock's holder (an invocation ending
            // or suspending) is waiting for: it must not wait for the lock. Free lock: at once, here; else later.
            if (exec.lock.tryLock()) {
                try {
                    writeFailed(exec, failure);
                } finally {
                    exec.lock.unlock();
                }
            } else {
                Thread.startVirtualThread(() -> writeFailed(exec, failure));
            }
        });
    }

    private void writeFailed(Execution exec, Throwable failure) {
        exec.lock.lock();
        try {
            if (exec.abandoned) {
                return;
            }
            log.warn("A write of execution {} could not be stored ({}); reloading it from the store",
                    exec.record.name(), failure.toString());
            exec.abandoned = true;
            exec.terminal = true;
            if (exec.current != null) {
                exec.current.token = null; // its next checkpoint is refused
            }
            if (exec.wake != null) {
                exec.wake.cancel(false);
                exec.wake = null;
            }
            evict(exec);
        } finally {
            exec.lock.unlock();
        }
        schedule(() -> reload(exec.record.name()), invocationRetryBackoff);
    }

    private void reload(String name) {
        if (closed || byName.containsKey(name)) {
            return;
        }
        Execution fresh;
        try {
            Optional<ExecutionRecord> record = store.find(name);
            if (record.isEmpty() || record.get().status() != ExecutionStatus.RUNNING) {
                return;
            }
            fresh = new Execution(record.get(), store.operations(name));
        } catch (RuntimeException e) {
            log.warn("Could not reload execution {} from the store ({}); trying again", name, e.toString());
            schedule(() -> reload(name), MAX_RETRY_BACKOFF);
            return;
        }
        if (register(fresh)) {
            enqueue(fresh);
        }
    }

    /** Makes the execution known by name and ARN, unless its name is taken; false if it was. */
    private boolean register(Execution exec) {
        if (byName.putIfAbsent(exec.record.name(), exec) != null) {
            return false;
        }
        byArn.put(exec.record.arn(), exec);
        inFlightHeapBytes.addAndGet(exec.heapBytes);
        return true;
    }

    private void evict(Execution exec) {
        if (byName.remove(exec.record.name(), exec)) {
            inFlightHeapBytes.addAndGet(-exec.heapBytes);
        }
        byArn.remove(exec.record.arn(), exec);
    }

    /** The lease sweep: every running invocation past its lease is abandoned (cheaper than a timer per invocation). */
    private void expireLeases() {
        long now = System.nanoTime();
        running.forEach((inv, exec) -> {
            if (now - inv.leaseDeadline >= 0) {
                running.remove(inv, exec);
                Thread.startVirtualThread(() -> leaseExpired(exec, inv));
            }
        });
    }

    private void leaseExpired(Execution exec, Invocation inv) {
        exec.lock.lock();
        try {
            if (exec.current != inv) {
                return;
            }
            log.warn("Invocation {} of execution {} outlived its lease of {}; invoking the execution again",
                    inv.id, exec.record.name(), invocationLease);
            exec.current = null;
            inv.token = null; // its next checkpoint is refused, exactly as for a stale token
            inv.releasePermit(permits);
            invocationFailed(exec, new java.util.concurrent.TimeoutException(
                    "invocation lease of " + invocationLease + " expired"));
        } finally {
            exec.lock.unlock();
        }
        pump();
    }

    /** Called with the execution locked (or before it is shared). */
    private void scheduleWake(Execution exec, Instant at) {
        if (exec.wake != null) {
            exec.wake.cancel(false);
        }
        Duration delay = Duration.between(now(), at);
        exec.wake = schedule(() -> enqueue(exec), delay.isNegative() ? Duration.ZERO : delay);
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        if (closed) {
            return null;
        }
        try {
            return timers.schedule(() -> Thread.startVirtualThread(task), Math.max(0, delay.toMillis()) + 1, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null; // closing
        }
    }

    /** PENDING steps whose retry time has come become READY; STARTED waits whose time has come SUCCEED. */
    private static Map<String, Operation> dueTimers(Execution exec, Instant now) {
        Map<String, Operation> changed = new LinkedHashMap<>();
        for (Operation op : exec.snapshot) {
            if (op.type() == OperationType.STEP && op.status() == OperationStatus.PENDING) {
                StepDetails d = op.stepDetails();
                if (d == null || d.nextAttemptTimestamp() == null || !d.nextAttemptTimestamp().isAfter(now)) {
                    changed.put(op.id(), new Operation(op.id(), op.parentId(), op.name(), op.type(), op.subType(),
                            OperationStatus.READY, op.startTimestamp(), null, null, null, d, null));
                }
            } else if (op.type() == OperationType.WAIT && op.status() == OperationStatus.STARTED) {
                Instant end = op.waitDetails() == null ? null : op.waitDetails().scheduledEndTimestamp();
                if (end == null || !end.isAfter(now)) {
                    changed.put(op.id(), new Operation(op.id(), op.parentId(), op.name(), op.type(), op.subType(),
                            OperationStatus.SUCCEEDED, op.startTimestamp(), end == null ? now : end, null, null, null,
                            op.waitDetails()));
                }
            }
        }
        return changed;
    }

    private static Operation withStatus(Operation op, OperationStatus status, Instant end) {
        return new Operation(op.id(), op.parentId(), op.name(), op.type(), op.subType(), status, op.startTimestamp(),
                status.isTerminal() ? end : null, op.executionDetails(), op.contextDetails(), op.stepDetails(), op.waitDetails());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the local durable-execution service is closed");
        }
    }

    /** 48 hex digits (192 random bits); one is drawn for every checkpoint. */
    private static String newToken() {
        byte[] bits = new byte[24];
        ThreadLocalRandom.current().nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** One running execution's hot state. Mutable fields are guarded by {@link #lock}; snapshots are published. */
    private static final class Execution {
        final ReentrantLock lock = new ReentrantLock();
        final Map<String, StoredOperation> ops = new HashMap<>();
        volatile ExecutionRecord record;
        volatile List<Operation> snapshot;
        Invocation current;
        boolean queued;
        boolean terminal;
        /** Dropped after a failed write; a fresh copy was (or will be) loaded from the store. */
        boolean abandoned;
        ScheduledFuture<?> wake;
        int failedInvocations;
        int nextSeq;
        /** Counted in {@link #inFlightHeapBytes} while the execution is registered. */
        final long heapBytes;
        /** The execution's latest write; writes are durable in issue order, so once it is, all earlier ones are. */
        CompletableFuture<Void> lastWrite;

        Execution(ExecutionRecord record, List<StoredOperation> stored) {
            this.record = record;
            this.heapBytes = DurableExecutions.heapBytesOf(record.inputJson());
            for (StoredOperation op : stored) {
                ops.put(op.operation().id(), op);
                nextSeq = Math.max(nextSeq, op.seq() + 1);
            }
            publish();
        }

        Operation operation(String id) {
            StoredOperation stored = ops.get(id);
            return stored == null ? null : stored.operation();
        }

        Operation executionOperation() {
            for (Operation op : snapshot) {
                if (op.type() == OperationType.EXECUTION) {
                    return op;
                }
            }
            throw new IllegalStateException("execution " + record.name() + " has no EXECUTION operation");
        }

        /** Gives each changed operation its position in start order: the stored one, or the next free one. */
        List<StoredOperation> sequence(java.util.Collection<Operation> changed) {
            List<StoredOperation> result = new ArrayList<>(changed.size());
            int next = nextSeq;
            for (Operation op : changed) {
                StoredOperation existing = ops.get(op.id());
                result.add(new StoredOperation(existing != null ? existing.seq() : next++, op));
            }
            result.sort(Comparator.comparingInt(StoredOperation::seq));
            return result;
        }

        void apply(List<StoredOperation> changed, ExecutionRecord newRecord) {
            for (StoredOperation op : changed) {
                ops.put(op.operation().id(), op);
                nextSeq = Math.max(nextSeq, op.seq() + 1);
            }
            if (newRecord != null) {
                record = newRecord;
            }
            if (!changed.isEmpty()) {
                publish();
            }
        }

        private void publish() {
            List<StoredOperation> ordered = new ArrayList<>(ops.values());
            ordered.sort(Comparator.comparingInt(StoredOperation::seq));
            snapshot = ordered.stream().map(StoredOperation::operation).toList();
        }
    }

    private static final class Invocation {
        final String id;
        final AtomicBoolean permitHeld = new AtomicBoolean(true);
        final long estimatedHeapBytes;
        volatile String token;
        /** {@link System#nanoTime()} after which the invocation is considered dead. */
        volatile long leaseDeadline;

        Invocation(String id, String token, long estimatedHeapBytes) {
            this.id = id;
            this.token = token;
            this.estimatedHeapBytes = estimatedHeapBytes;
        }

        void releasePermit(InvocationPermits permits) {
            if (permitHeld.compareAndSet(true, false)) {
                permits.release(estimatedHeapBytes);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    public static final class Builder {
        private ExecutionStore store;
        private Invoker invoker;
        private int maxConcurrentInvocations = 256;
        private long maxRunningHeapBytes = Long.MAX_VALUE;
        private int runningHeapMultiple = 1;
        private Duration invocationLease = Duration.ofMinutes(15);
        private Clock clock = Clock.systemUTC();
        private int pageSize = 100;
        private int maxInvocationAttempts = 8;
        private Duration invocationRetryBackoff = Duration.ofSeconds(1);
        private boolean acknowledgeCheckpointsWhenQueued;

        private Builder() {
        }

        /**
         * Acknowledge a checkpoint as soon as its write is queued, before it is durable, instead of after. Only for a
         * store whose writes are durable in issue order ({@link ExecutionStore#durableInIssueOrder()}), in a process
         * that hosts the handlers: a crash then loses a checkpoint only together with everything the handler did
         * after it, exactly as if the process had died just before the checkpoint. What must not be lost has to wait
         * for {@link ExecutionStore#awaitDurable()} before it leaves the process (an HTTP answer, a call to another
         * system). {@link #describe} and {@link #operations} then read the store, so they show only durable state.
         * Default false.
         */
        public Builder acknowledgeCheckpointsWhenQueued(boolean acknowledge) {
            this.acknowledgeCheckpointsWhenQueued = acknowledge;
            return this;
        }

        public Builder store(ExecutionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder invoker(Invoker invoker) {
            this.invoker = Objects.requireNonNull(invoker, "invoker");
            return this;
        }

        /**
         * Invocations at once, counting each until the writes it queued are durable (see
         * {@link #acknowledgeCheckpointsWhenQueued}); the rest wait in a FIFO queue. Default 256.
         */
        public Builder maxConcurrentInvocations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConcurrentInvocations must be >= 1, was " + max);
            }
            this.maxConcurrentInvocations = max;
            return this;
        }

        /**
         * The heap the running invocations may hold together, estimated for each as {@code inputMultiple} times its
         * execution's {@link DurableExecutions#heapBytesOf} (a handler that parses its input into a tree, copies it or
         * sends it on holds several times the input); past it, the next invocation waits, at the head of the queue,
         * until enough of the running ones have ended. One invocation may always run, however large. It bounds what
         * {@link #maxConcurrentInvocations} alone does not: many large inputs at once. Default: no limit.
         */
        public Builder maxRunningHeapBytes(long bytes, int inputMultiple) {
            if (bytes < 1 || inputMultiple < 1) {
                throw new IllegalArgumentException("maxRunningHeapBytes and inputMultiple must be >= 1, were " + bytes
                        + " and " + inputMultiple);
            }
            this.maxRunningHeapBytes = bytes;
            this.runningHeapMultiple = inputMultiple;
            return this;
        }

        /** How long one invocation may run before it is considered dead and the execution is invoked again. Default 15 min. */
        public Builder invocationLease(Duration lease) {
            if (lease == null || lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("invocationLease must be positive, was " + lease);
            }
            this.invocationLease = lease;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Operations per envelope / GetDurableExecutionState page (1..1000). Default 100. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 1000) {
                throw new IllegalArgumentException("pageSize must be 1..1000, was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** Invocations in a row that may throw (or hang) before the execution is FAILED. Default 8. */
        public Builder maxInvocationAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxInvocationAttempts must be >= 1, was " + attempts);
            }
            this.maxInvocationAttempts = attempts;
            return this;
        }

        /** First delay before re-invoking after a thrown invocation; doubles each time, capped at one minute. Default 1 s. */
        public Builder invocationRetryBackoff(Duration backoff) {
            if (backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("invocationRetryBackoff must be >= 0, was " + backoff);
            }
            this.invocationRetryBackoff = backoff;
            return this;
        }

        public LocalDurableService build() {
            return new LocalDurableService(this);
        }
    }
}
