package dev.durablehooks.durable.local;

import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.execution.InvocationOutput;
import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.durable.local.sqlite.WriterGate;
import dev.durablehooks.durable.local.sqlite.SqliteExecutionStore;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static dev.durablehooks.durable.local.Updates.executionSucceed;
import static dev.durablehooks.durable.local.Updates.id;
import static dev.durablehooks.durable.local.Updates.stepStart;
import static dev.durablehooks.durable.local.Updates.stepSucceed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LocalDurableService.Builder#acknowledgeCheckpointsWhenQueued}: checkpoints return once their write is issued,
 * observers see only what the store has, and a write that fails after its acknowledgement makes the execution run
 * again from what the store kept. A {@link HoldingStore} around the SQLite store lets a test hold writes back.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a checkpoint that blocks on a held write must not hang the build
class QueuedAcknowledgementTest {
    @TempDir
    Path dir;

    private final ManualInvoker invoker = new ManualInvoker();
    private final List<ServiceFixture> fixtures = new ArrayList<>();
    private final List<HoldingStore> stores = new ArrayList<>();

    @AfterEach
    void closeAll() {
        stores.forEach(HoldingStore::releaseAll); // nothing stays blocked on a held write
        fixtures.forEach(ServiceFixture::close);
    }

    private LocalDurableService queued(HoldingStore[] store) {
        return service(store, b -> b.acknowledgeCheckpointsWhenQueued(true));
    }

    /** A service on a {@link HoldingStore}, handed back through {@code store[0]}. */
    private LocalDurableService service(HoldingStore[] store, UnaryOperator<LocalDurableService.Builder> customize) {
        ServiceFixture fixture = new ServiceFixture(dir.resolve("engine.db"), invoker, sqlite -> {
            HoldingStore holding = new HoldingStore(sqlite, true);
            stores.add(holding);
            store[0] = holding;
            return holding;
        }, customize);
        fixtures.add(fixture);
        return fixture.service;
    }

    private static ExecutionStatus statusOf(LocalDurableService service, String name) {
        return service.describe(name).orElseThrow().status();
    }

    private static List<OperationType> types(List<Operation> ops) {
        return ops.stream().map(Operation::type).toList();
    }

    @Test
    void theBuilderRefusesTheOptionForAStoreNotDurableInIssueOrder() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("engine.db"))) {
            ExecutionStore unordered = new HoldingStore(new SqliteExecutionStore(db), false);
            LocalDurableService.Builder builder = LocalDurableService.builder()
                    .store(unordered)
                    .invoker(invoker)
                    .acknowledgeCheckpointsWhenQueued(true);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
            assertTrue(e.getMessage().contains("acknowledgeCheckpointsWhenQueued"), e.getMessage());
            builder.acknowledgeCheckpointsWhenQueued(false).build().close(); // the default is fine with any store
        }
    }

    @Test
    void aCheckpointReturnsBeforeItsWriteCompletesWithTheNewState() throws Exception {
        HoldingStore[] store = new HoldingStore[1];
        LocalDurableService service = queued(store);
        StartResult started = service.start("quick", "{}");
        ManualInvoker.Held invocation = invoker.next();
        store[0].hold();

        CheckpointResponse response = CompletableFuture.supplyAsync(
                () -> invocation.checkpoint(stepStart(id(1)), stepSucceed(id(1), "42"))).get(10, TimeUnit.SECONDS);

        HeldSave save = store[0].nextHeld();
        assertFalse(save.future.isDone(), "the write is still held back");
        assertEquals(started.durableExecutionArn(), invocation.arn());
        List<Operation> changed = response.newExecutionState().operations();
        assertEquals(1, changed.size());
        assertEquals(id(1), changed.get(0).id());
        assertEquals(OperationStatus.SUCCEEDED, changed.get(0).status());
        assertEquals("42", changed.get(0).stepDetails().result());
        assertNotEquals(invocation.input.checkpointToken(), response.checkpointToken());

        save.release().join();
        invocation.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void operationsAndDescribeShowOnlyWhatTheStoreHas() {
        HoldingStore[] store = new HoldingStore[1];
        LocalDurableService service = queued(store);
        service.start("observed", "{}");
        ManualInvoker.Held invocation = invoker.next();
        String execId = invocation.initialOperations().get(0).id();
        store[0].hold();

        invocation.checkpoint(stepStart(id(1)), stepSucceed(id(1), "42"));
        invocation.checkpoint(executionSucceed(execId, "\"done\""));
        HeldSave step = store[0].nextHeld();
        HeldSave closing = store[0].nextHeld();

        assertEquals(List.of(OperationType.EXECUTION), types(service.operations("observed")), "the step is not durable yet");
        ExecutionView notYet = service.describe("observed").orElseThrow();
        assertEquals(ExecutionStatus.RUNNING, notYet.status(), "the closing checkpoint is not durable yet");
        assertNull(notYet.result());

        step.release().join();
        List<Operation> afterStep = service.operations("observed");
        assertEquals(List.of(OperationType.EXECUTION, OperationType.STEP), types(afterStep));
        assertEquals("42", afterStep.get(1).stepDetails().result());
        assertEquals(ExecutionStatus.RUNNING, statusOf(service, "observed"));

        closing.release().join();
        ExecutionView done = service.describe("observed").orElseThrow();
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals("\"done\"", done.result());
        assertEquals(OperationStatus.SUCCEEDED, service.operations("observed").get(0).status());
        invocation.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void aFinishedExecutionStaysInFlightUntilItsLastWriteCompletes() throws Exception {
        HoldingStore[] store = new HoldingStore[1];
        LocalDurableService service = queued(store);
        service.start("finishing", "{}");
        ManualInvoker.Held invocation = invoker.next();
        store[0].hold();

        invocation.answer(InvocationOutput.succeeded("\"r\""));
        HeldSave outcome = store[0].nextHeld();
        assertNotNull(outcome.execution, "the outcome write carries the finished record");
        assertEquals(ExecutionStatus.SUCCEEDED, outcome.execution.status());
        Thread.sleep(200);
        assertEquals(1, service.inFlight(), "the outcome is not durable yet");

        outcome.release().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> service.inFlight() == 0);
        assertEquals(ExecutionStatus.SUCCEEDED, statusOf(service, "finishing"));
    }

    @Test
    void anExecutionClosedByACheckpointStaysInFlightUntilThatWriteCompletes() throws Exception {
        HoldingStore[] store = new HoldingStore[1];
        LocalDurableService service = queued(store);
        service.start("closing", "{}");
        ManualInvoker.Held invocation = invoker.next();
        String execId = invocation.initialOperations().get(0).id();
        store[0].hold();

        invocation.checkpoint(executionSucceed(execId, "\"r\""));
        invocation.answer(InvocationOutput.succeeded(null));
        HeldSave closing = store[0].nextHeld();
        Thread.sleep(200);
        assertEquals(1, service.inFlight(), "the closing checkpoint is not durable yet");

        closing.release().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> service.inFlight() == 0);
        assertEquals("\"r\"", service.describe("closing").orElseThrow().result());
    }

    @Test
    void anInvocationKeepsItsPermitUntilItsLastWriteIsDurable() throws Exception {
        HoldingStore[] store = new HoldingStore[1];
        LocalDurableService service = service(store, b -> b.acknowledgeCheckpointsWhenQueued(true)
                .maxConcurrentInvocations(1));
        service.start("first", "{}");
        ManualInvoker.Held first = invoker.next();
        store[0].hold();
        service.start("second", "{}");

        first.checkpoint(stepStart(id(1)), stepSucceed(id(1), "1"));
        first.answer(InvocationOutput.succeeded("\"r\""));
        HeldSave step = store[0].nextHeld();
        HeldSave outcome = store[0].nextHeld();
        invoker.expectNone(300); // the first invocation returned, but its writes are not durable yet

        step.release().join();
        invoker.expectNone(300);
        outcome.release().join();
        ManualInvoker.Held second = invoker.next();
        assertTrue(second.arn().startsWith(LocalDurableService.ARN_PREFIX + "second/"), second.arn());
        second.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void aWriteThatFailsAfterItsAcknowledgementInvalidatesTheTokenAndTheExecutionRunsAgainFromTheStore() {
        HoldingStore[] store = new HoldingStore[1];
        LocalDurableService service = service(store, b -> b.acknowledgeCheckpointsWhenQueued(true)
                .invocationRetryBackoff(Duration.ofMillis(50)));
        service.start("lost", "{}");
        ManualInvoker.Held first = invoker.next();
        first.checkpoint(stepStart(id(1)), stepSucceed(id(1), "\"kept\""));
        store[0].awaitDurable().join();
        store[0].hold();

        first.checkpoint(stepStart(id(2)), stepSucceed(id(2), "\"lost\""));
        store[0].nextHeld().fail(new IllegalStateException("injected: the disk went away"));
        store[0].stopHolding();

        DurableServiceException refused = assertThrows(DurableServiceException.class,
                () -> first.checkpoint(stepStart(id(3))));
        assertTrue(refused.getMessage().startsWith("Invalid Checkpoint Token"), refused.getMessage());

        ManualInvoker.Held second = invoker.next();
        assertEquals(first.arn(), second.arn());
        assertNotEquals(first.token, second.token);
        List<Operation> ops = second.initialOperations();
        assertEquals(List.of(OperationType.EXECUTION, OperationType.STEP), types(ops), "only what the store has");
        assertEquals(id(1), ops.get(1).id());
        assertEquals("\"kept\"", ops.get(1).stepDetails().result());
        assertThrows(DurableServiceException.class, () -> first.checkpoint(stepStart(id(3))), "still refused after the reload");

        second.checkpoint(stepStart(id(2)), stepSucceed(id(2), "\"again\""));
        second.answer(InvocationOutput.succeeded("\"ok\""));
        first.answer(InvocationOutput.succeeded("\"ignored\""));
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(service, "lost") == ExecutionStatus.SUCCEEDED);
        assertEquals("\"ok\"", service.describe("lost").orElseThrow().result());
        assertEquals("\"again\"", service.operations("lost").get(2).stepDetails().result());
    }

    @Test
    void withoutTheOptionACheckpointWaitsForItsWrite() throws Exception {
        HoldingStore[] store = new HoldingStore[1];
        LocalDurableService service = service(store, b -> b);
        service.start("durable", "{}");
        ManualInvoker.Held invocation = invoker.next();
        store[0].hold();

        CompletableFuture<CheckpointResponse> checkpoint = CompletableFuture.supplyAsync(
                () -> invocation.checkpoint(stepStart(id(1)), stepSucceed(id(1), "42")));
        HeldSave save = store[0].nextHeld();
        assertThrows(TimeoutException.class, () -> checkpoint.get(300, TimeUnit.MILLISECONDS),
                "the checkpoint returned before its write completed");

        save.release();
        CheckpointResponse response = checkpoint.get(10, TimeUnit.SECONDS);
        assertEquals(OperationStatus.SUCCEEDED, response.newExecutionState().operations().get(0).status());
        assertEquals(List.of(OperationType.EXECUTION, OperationType.STEP), types(service.operations("durable")));
        invocation.answer(InvocationOutput.succeeded(null));
    }

    /**
     * Used to deadlock: the invocation thread holds the execution's lock while it joins the suspension write
     * (LocalDurableService.completed); SQLite completes a batch's futures one after the other on one thread, so the
     * failed WAIT write's callback (watch -> writeFailed) blocked on that lock before the suspension's future, next in
     * the same batch, was completed. writeFailed now runs on its own thread.
     */
    @Test
    void aWriteThatFailsInTheSameBatchAsTheSuspensionStillLetsTheExecutionRunAgain() throws Exception {
        HoldingStore[] store = new HoldingStore[1];
        LocalDurableService service = queued(store);
        SqliteDatabase db = fixtures.get(0).db;
        // A real SQLite failure of one work in a batch: any WAIT operation cannot be stored.
        db.write(c -> c.createStatement().execute("CREATE TRIGGER no_waits BEFORE INSERT ON durable_operations "
                + "WHEN NEW.type = 'WAIT' BEGIN SELECT RAISE(ABORT, 'injected: a WAIT cannot be stored'); END")).join();
        service.start("stalled", "{}");
        ManualInvoker.Held first = invoker.next();

        CountDownLatch writerBlocked = WriterGate.holdWriter(db);
        first.checkpoint(Updates.waitStart(id(1), 60)); // acknowledged while queued behind the blocked writer
        first.answer(InvocationOutput.pending());        // the suspension is written and waited for
        await().atMost(Duration.ofSeconds(10)).until(() -> store[0].saves() == 2);
        writerBlocked.countDown();                       // both writes meet in one batch: the WAIT fails, the suspension commits

        ManualInvoker.Held second = invoker.next();
        assertEquals(first.arn(), second.arn());
        assertEquals(List.of(OperationType.EXECUTION), types(second.initialOperations()), "the WAIT was never stored");
        second.answer(InvocationOutput.succeeded(null));
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(service, "stalled") == ExecutionStatus.SUCCEEDED);
    }


    // ---------------------------------------------------------------------------------------------------------

    /** One save the {@link HoldingStore} held back: the test releases it (it is then written) or fails it (never written). */
    static final class HeldSave {
        final String executionName;
        final ExecutionRecord execution;
        final List<StoredOperation> operations;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        private final ExecutionStore delegate;
        private final AtomicBoolean settled = new AtomicBoolean();

        HeldSave(ExecutionStore delegate, String executionName, ExecutionRecord execution, List<StoredOperation> operations) {
            this.delegate = delegate;
            this.executionName = executionName;
            this.execution = execution;
            this.operations = List.copyOf(operations);
        }

        /** Writes it now; the returned future completes once the held one has (with its callbacks run). */
        CompletableFuture<Void> release() {
            if (!settled.compareAndSet(false, true)) {
                return future;
            }
            CompletableFuture<Void> written = delegate.save(executionName, execution, operations);
            return written.handle((v, t) -> {
                if (t != null) {
                    future.completeExceptionally(t);
                } else {
                    future.complete(null);
                }
                return null;
            });
        }

        /** Fails it without writing anything; the callbacks run on the calling thread before this returns. */
        void fail(RuntimeException e) {
            if (!settled.compareAndSet(false, true)) {
                throw new IllegalStateException("already released");
            }
            future.completeExceptionally(e);
        }
    }

    /** Delegates to the SQLite store; while holding, each save is queued for the test instead of written. */
    static final class HoldingStore implements ExecutionStore {
        private final ExecutionStore delegate;
        private final boolean durableInIssueOrder;
        private final BlockingQueue<HeldSave> held = new LinkedBlockingQueue<>();
        private final List<HeldSave> all = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger saves = new AtomicInteger();
        private volatile boolean holding;

        HoldingStore(ExecutionStore delegate, boolean durableInIssueOrder) {
            this.delegate = delegate;
            this.durableInIssueOrder = durableInIssueOrder;
        }

        void hold() {
            holding = true;
        }

        void stopHolding() {
            holding = false;
        }

        /** Saves issued so far, held or not. */
        int saves() {
            return saves.get();
        }

        HeldSave nextHeld() {
            try {
                HeldSave save = held.poll(10, TimeUnit.SECONDS);
                if (save == null) {
                    throw new AssertionError("expected a save to be held back");
                }
                return save;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void releaseAll() {
            holding = false;
            List<HeldSave> pending;
            synchronized (all) {
                pending = List.copyOf(all);
            }
            pending.forEach(HeldSave::release);
        }

        @Override
        public CompletableFuture<Void> save(String executionName, ExecutionRecord execution, List<StoredOperation> operations) {
            saves.incrementAndGet();
            if (!holding) {
                return delegate.save(executionName, execution, operations);
            }
            HeldSave save = new HeldSave(delegate, executionName, execution, operations);
            all.add(save);
            held.add(save);
            return save.future;
        }

        @Override
        public boolean durableInIssueOrder() {
            return durableInIssueOrder;
        }

        @Override
        public CompletableFuture<ExecutionRecord> createIfAbsent(ExecutionRecord execution, Operation executionOperation) {
            return delegate.createIfAbsent(execution, executionOperation);
        }

        @Override
        public Optional<ExecutionRecord> find(String executionName) {
            return delegate.find(executionName);
        }

        @Override
        public List<StoredOperation> operations(String executionName) {
            return delegate.operations(executionName);
        }

        @Override
        public List<Unfinished> unfinishedWithOperations() {
            return delegate.unfinishedWithOperations();
        }

        @Override
        public List<ExecutionRecord> due(Instant now, int limit) {
            return delegate.due(now, limit);
        }

        @Override
        public int countUnfinished() {
            return delegate.countUnfinished();
        }

        @Override
        public CompletableFuture<Void> awaitDurable() {
            return delegate.awaitDurable();
        }

        @Override
        public CompletableFuture<Integer> purgeFinishedBefore(Instant cutoff) {
            return delegate.purgeFinishedBefore(cutoff);
        }
    }
}
