package dev.durablehooks.service.intake;

import dev.durablehooks.durable.local.DurableExecutions;
import dev.durablehooks.durable.local.StartGuard;
import dev.durablehooks.durable.local.ExecutionStatus;
import dev.durablehooks.durable.local.ExecutionView;
import dev.durablehooks.durable.local.StartResult;
import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.service.store.Delivery;
import dev.durablehooks.service.store.StatusRecord;
import dev.durablehooks.service.store.StatusUpdate;
import dev.durablehooks.service.store.WebhookStatus;
import dev.durablehooks.service.store.WebhookStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartReconcilerTest {
    @TempDir
    Path dir;
    SqliteDatabase db;
    WebhookStore store;
    final FakeExecutions executions = new FakeExecutions();

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("webhooks.db"));
        store = WebhookStore.open(db, Clock.systemUTC(), Duration.ofDays(7), Duration.ofDays(4));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void record(String token) {
        store.accept(new Delivery(token, null, new byte[0], "{\"type\":\"user\"}")).join();
    }

    private StatusRecord find(String token) {
        return store.find(token).orElseThrow();
    }

    @Test
    void startedRecordWithoutExecutionGetsItsExecutionWithTheStoredInput() {
        record("noExecutionYet00001");
        assertEquals(1, new StartReconciler(store, executions, Clock.systemUTC(), StartReconciler.CompletionRebuilder.NONE).reconcile(Duration.ZERO));
        assertEquals("{\"executionToken\":\"noExecutionYet00001\",\"payload\":{\"type\":\"user\"}}",
                executions.inputs.get("noExecutionYet00001"));
    }

    @Test
    void recordsYoungerThanTheGraceAreLeftAlone() {
        record("justAccepted0000001");
        assertEquals(0, new StartReconciler(store, executions, Clock.systemUTC(), StartReconciler.CompletionRebuilder.NONE).reconcile(Duration.ofMinutes(5)));
        assertTrue(executions.inputs.isEmpty());
    }

    @Test
    void aPassUpToAnInstantLeavesRecordsAcceptedAfterItAlone() throws Exception {
        record("beforeTheCutoff0001");
        Thread.sleep(5); // accept times are in milliseconds
        java.time.Instant cutoff = java.time.Instant.now();
        Thread.sleep(5);
        record("afterTheCutoff00001");
        StartReconciler reconciler = new StartReconciler(store, executions, Clock.systemUTC(),
                StartReconciler.CompletionRebuilder.NONE);

        assertEquals(1, reconciler.reconcileAcceptedUpTo(cutoff));
        assertEquals(java.util.Set.of("beforeTheCutoff0001"), executions.inputs.keySet());
    }

    @Test
    void runningExecutionIsLeftAlone() {
        record("stillRunning0000001");
        executions.views.put("stillRunning0000001", view("stillRunning0000001", ExecutionStatus.RUNNING, null));
        assertEquals(0, new StartReconciler(store, executions, Clock.systemUTC(), StartReconciler.CompletionRebuilder.NONE).reconcile(Duration.ZERO));
        assertEquals(WebhookStatus.STARTED, find("stillRunning0000001").status());
    }

    @Test
    void unfinishedRecordOfAnEndedExecutionIsMarkedFailedWithItsError() {
        record("abandonedByEngine01");
        store.advance("abandonedByEngine01", StatusUpdate.entering(WebhookStatus.PROCESSING, "process")).join();
        executions.views.put("abandonedByEngine01", view("abandonedByEngine01", ExecutionStatus.FAILED,
                ErrorObject.of("X", "invocation kept failing")));
        assertEquals(1, new StartReconciler(store, executions, Clock.systemUTC(), StartReconciler.CompletionRebuilder.NONE).reconcile(Duration.ZERO));
        StatusRecord r = find("abandonedByEngine01");
        assertEquals(WebhookStatus.FAILED, r.status());
        assertEquals("process", r.currentStep());
        assertEquals("Execution failed: invocation kept failing", r.error());
    }

    @Test
    void succeededExecutionWhoseCompletedWriteWasLostIsCompletedFromItsResult() {
        record("lostCompletedWrite1");
        store.advance("lostCompletedWrite1", StatusUpdate.entering(WebhookStatus.PROCESSING, "process")).join();
        ExecutionView succeeded = new ExecutionView("lostCompletedWrite1", "arn", ExecutionStatus.SUCCEEDED, "{}",
                "{\"processedAt\":\"2026-11-28T10:00:00Z\",\"completedAt\":\"2026-11-28T10:00:01Z\"}", null,
                Instant.now(), Instant.now());
        executions.views.put("lostCompletedWrite1", succeeded);
        var mapper = dev.durablehooks.durable.serde.Json.newMapper();
        var processor = new dev.durablehooks.service.processor.WebhookProcessor(store, mapper, Clock.systemUTC(), "9.9",
                Optional.empty(), dev.durablehooks.durable.retry.RetryStrategies.Presets.NO_RETRY,
                dev.durablehooks.service.chaos.FaultInjector.off(), dev.durablehooks.service.processor.StepTimings.NONE);
        StartReconciler reconciler = new StartReconciler(store, executions, Clock.systemUTC(),
                new dev.durablehooks.service.processor.CompletionFromResult(processor, mapper));
        assertEquals(1, reconciler.reconcile(Duration.ZERO));
        StatusRecord r = find("lostCompletedWrite1");
        assertEquals(WebhookStatus.COMPLETED, r.status());
        assertEquals("finalize", r.currentStep());
        assertEquals("2026-11-28T10:00:01Z", r.completedAt());
        assertTrue(r.resultJson().contains("\"processedAt\":\"2026-11-28T10:00:00.000Z\""), r.resultJson());
        assertTrue(r.resultJson().contains("\"version\":\"9.9\""), r.resultJson());
    }

    @Test
    void terminalRecordsAreNeverTouched() {
        record("doneAlready00000001");
        store.advance("doneAlready00000001", StatusUpdate.completed("finalize", "{}", "t")).join();
        executions.views.put("doneAlready00000001", view("doneAlready00000001", ExecutionStatus.SUCCEEDED, null));
        assertEquals(0, new StartReconciler(store, executions, Clock.systemUTC(), StartReconciler.CompletionRebuilder.NONE).reconcile(Duration.ZERO));
        assertEquals(WebhookStatus.COMPLETED, find("doneAlready00000001").status());
    }

    private static ExecutionView view(String name, ExecutionStatus status, ErrorObject error) {
        return new ExecutionView(name, "arn:" + name, status, "{}", null, error, Instant.now(), null);
    }

    /** Executions as the reconciler sees them, without running anything. */
    static final class FakeExecutions implements DurableExecutions {
        @Override
        public Optional<StartResult> startIfAdmitted(String executionName, String inputJson, StartGuard guard) {
            throw new UnsupportedOperationException("the reconciler starts executions of stored records, unguarded");
        }

        final Map<String, ExecutionView> views = new HashMap<>();
        final Map<String, String> inputs = new HashMap<>();

        @Override
        public StartResult start(String executionName, String inputJson) {
            boolean created = inputs.putIfAbsent(executionName, inputJson) == null;
            views.putIfAbsent(executionName, view(executionName, ExecutionStatus.RUNNING, null));
            return new StartResult("arn:" + executionName, created);
        }

        @Override
        public Optional<ExecutionView> describe(String executionName) {
            return Optional.ofNullable(views.get(executionName));
        }

        @Override
        public List<Operation> operations(String executionName) {
            return List.of();
        }

        @Override
        public long inFlightHeapBytes() {
            return 0;
        }

        @Override
        public int inFlight() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
