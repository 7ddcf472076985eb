package dev.durablehooks.durable.local.sqlite;

import dev.durablehooks.durable.local.ExecutionStore;
import dev.durablehooks.durable.local.ExecutionRecord;
import dev.durablehooks.durable.local.ExecutionStatus;
import dev.durablehooks.durable.local.StoredOperation;
import dev.durablehooks.durable.operation.ContextDetails;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.ExecutionDetails;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.StepDetails;
import dev.durablehooks.durable.operation.WaitDetails;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteExecutionStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00.123456Z");

    @TempDir
    Path dir;

    private SqliteDatabase db;
    private SqliteExecutionStore store;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("engine.db"));
        store = new SqliteExecutionStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static ExecutionRecord running(String name) {
        return new ExecutionRecord(name, "arn:local/" + name + "/op-" + name, "{\"in\":1}", ExecutionStatus.RUNNING,
                null, null, T0, null, null, null);
    }

    /** The EXECUTION operation of {@link #running}{@code (name)}: the view of its record. */
    private static Operation executionOp(String name) {
        return new Operation("op-" + name, null, null, OperationType.EXECUTION, null, OperationStatus.STARTED, T0, null,
                new ExecutionDetails("{\"in\":1}"), null, null, null);
    }

    @Test
    void anExecutionWithAKilobyteInputTakesLittleMoreThanItsInputOnDisk() {
        String input = "{\"payload\":\"" + "x".repeat(1000) + "\"}";
        int executions = 200;
        long before = db.sizeBytes();
        for (int i = 0; i < executions; i++) {
            String name = String.format("exec-%06d", i);
            store.createIfAbsent(
                    new ExecutionRecord(name, "arn:local/" + name + "/op-" + name, input, ExecutionStatus.RUNNING,
                            null, null, T0, null, null, null),
                    new Operation("op-" + name, null, null, OperationType.EXECUTION, null, OperationStatus.STARTED, T0,
                            null, new ExecutionDetails(input), null, null, null)).join();
        }
        long perExecution = (db.sizeBytes() - before) / executions;
        // A WITHOUT ROWID table keeps ~1 KB of a row in the B-tree and the rest on an overflow page of its own: ~4.7 KB.
        assertTrue(perExecution < 2 * input.length(), "bytes on disk per execution: " + perExecution);
    }

    @Test
    void createIfAbsentStoresOnceAndReturnsTheExistingExecutionAfterwards() {
        ExecutionRecord first = store.createIfAbsent(running("e1"), executionOp("e1")).join();
        ExecutionRecord other = new ExecutionRecord("e1", "arn:local/e1/op-e1", "{}", ExecutionStatus.RUNNING, null, null,
                T0, null, null, null);
        Operation otherOp = new Operation("op-e1", null, null, OperationType.EXECUTION, null, OperationStatus.STARTED, T0,
                null, new ExecutionDetails("{}"), null, null, null);
        ExecutionRecord second = store.createIfAbsent(other, otherOp).join();

        assertEquals(first, second);
        assertEquals("{\"in\":1}", second.inputJson());
        assertEquals(1, store.operations("e1").size());
    }

    @Test
    void everyOperationFieldSurvivesTheRoundTripInStartOrder() {
        store.createIfAbsent(running("e1"), executionOp("e1")).join();
        String step = OperationIds.of(null, 1);
        String ctx = OperationIds.of(null, 2);
        String wait = OperationIds.of(ctx, 1);
        List<StoredOperation> ops = List.of(
                new StoredOperation(1, new Operation(step, null, "charge", OperationType.STEP, "Step", OperationStatus.PENDING,
                        T0, null, null, null, new StepDetails(2, T0.plusSeconds(5), "\"state\"",
                        new ErrorObject("java.io.IOException", "down", "{}", List.of("a|b|c|1"))), null)),
                new StoredOperation(2, new Operation(ctx, null, "child", OperationType.CONTEXT, "RunInChildContext",
                        OperationStatus.SUCCEEDED, T0, T0.plusSeconds(1), null, new ContextDetails(true, "42", null), null, null)),
                new StoredOperation(3, new Operation(wait, ctx, "nap", OperationType.WAIT, "Wait", OperationStatus.STARTED,
                        T0, null, null, null, null, new WaitDetails(T0.plusSeconds(60)))));
        store.save("e1", null, List.of(ops.get(2), ops.get(0), ops.get(1))).join();

        List<StoredOperation> loaded = store.operations("e1");
        assertEquals(4, loaded.size());
        assertEquals(executionOp("e1"), loaded.get(0).operation());
        assertEquals(ops, loaded.subList(1, 4));
    }

    @Test
    void savingAnOperationAgainUpdatesItInPlace() {
        store.createIfAbsent(running("e1"), executionOp("e1")).join();
        String step = OperationIds.of(null, 1);
        Operation started = new Operation(step, null, "s", OperationType.STEP, "Step", OperationStatus.STARTED, T0, null,
                null, null, new StepDetails(0, null, null, null), null);
        Operation done = new Operation(step, null, "s", OperationType.STEP, "Step", OperationStatus.SUCCEEDED, T0,
                T0.plusSeconds(1), null, null, new StepDetails(1, null, "1", null), null);
        store.save("e1", null, List.of(new StoredOperation(1, started))).join();
        store.save("e1", null, List.of(new StoredOperation(1, done))).join();

        assertEquals(List.of(new StoredOperation(1, done)), store.operations("e1").subList(1, 2));
    }

    @Test
    void theExecutionOperationReadsBackAsTheViewOfTheExecutionRecord() {
        store.createIfAbsent(running("e1"), executionOp("e1")).join();
        ExecutionRecord finished = running("e1").finished(ExecutionStatus.SUCCEEDED, "1", null, T0.plusSeconds(3));
        Operation succeeded = new Operation("op-e1", null, null, OperationType.EXECUTION, null, OperationStatus.SUCCEEDED,
                T0, T0.plusSeconds(3), new ExecutionDetails("{\"in\":1}"), null, null, null);
        store.save("e1", finished, List.of(new StoredOperation(0, succeeded))).join();

        assertEquals(List.of(new StoredOperation(0, succeeded)), store.operations("e1"));
    }

    @Test
    void anExecutionOperationThatIsNotTheViewOfItsRecordIsRefused() {
        Operation otherId = new Operation("not-the-arn-id", null, null, OperationType.EXECUTION, null,
                OperationStatus.STARTED, T0, null, new ExecutionDetails("{\"in\":1}"), null, null, null);

        assertThrows(IllegalArgumentException.class, () -> store.createIfAbsent(running("e1"), otherId));
        assertTrue(store.find("e1").isEmpty());
    }

    @Test
    void aChangeOfTheExecutionOperationWithoutTheRecordIsRefused() {
        store.createIfAbsent(running("e1"), executionOp("e1")).join();
        Operation succeeded = new Operation("op-e1", null, null, OperationType.EXECUTION, null, OperationStatus.SUCCEEDED,
                T0, T0.plusSeconds(3), new ExecutionDetails("{\"in\":1}"), null, null, null);

        assertThrows(IllegalArgumentException.class,
                () -> store.save("e1", null, List.of(new StoredOperation(0, succeeded))));
        assertEquals(OperationStatus.STARTED, store.operations("e1").get(0).operation().status());
    }

    @Test
    void anOperationRowWrittenForTheExecutionOperationByAnOlderVersionIsNotReadTwice() {
        store.createIfAbsent(running("e1"), executionOp("e1")).join();
        db.write(c -> c.createStatement().execute("INSERT INTO durable_operations (execution_name, seq, id, type, status) "
                + "VALUES ('e1', 0, 'op-e1', 'EXECUTION', 'STARTED')")).join();

        assertEquals(List.of(new StoredOperation(0, executionOp("e1"))), store.operations("e1"));
    }

    @Test
    void unfinishedAndDueFollowStatusWakeTimeAndLease() {
        store.createIfAbsent(running("now"), executionOp("now")).join();
        store.createIfAbsent(running("later"), executionOp("later")).join();
        store.createIfAbsent(running("leased"), executionOp("leased")).join();
        store.createIfAbsent(running("done"), executionOp("done")).join();
        store.save("later", running("later").suspendedUntil(T0.plusSeconds(600)), List.of()).join();
        store.save("leased", running("leased").withLease(new ExecutionRecord.InvocationLease("inv", T0.plusSeconds(60))), List.of()).join();
        store.save("done", running("done").finished(ExecutionStatus.SUCCEEDED, "1", null, T0), List.of()).join();

        assertEquals(java.util.Set.of("now", "later", "leased"),
                store.unfinishedWithOperations().stream().map(u -> u.record().name())
                        .collect(java.util.stream.Collectors.toSet()));
        assertEquals(3, store.countUnfinished());
        assertEquals(List.of("now"), store.due(T0.plusSeconds(1), 10).stream().map(ExecutionRecord::name).toList());
        assertEquals(3, store.due(T0.plusSeconds(601), 10).size());
        ExecutionRecord leased = store.find("leased").orElseThrow();
        assertEquals(new ExecutionRecord.InvocationLease("inv", T0.plusSeconds(60)), leased.lease());
    }

    @Test
    void unfinishedWithOperationsReadsWhatFindAndOperationsReadOneByOne() {
        for (String name : List.of("a", "b", "c", "done")) {
            store.createIfAbsent(running(name), executionOp(name)).join();
        }
        for (String name : List.of("a", "c")) {
            for (int i = 1; i <= 3; i++) {
                String id = OperationIds.of(null, i);
                Operation step = new Operation(id, null, name + i, OperationType.STEP, "Step", OperationStatus.SUCCEEDED,
                        T0, T0.plusSeconds(i), null, null, new StepDetails(1, null, "\"" + name + i + "\"", null), null);
                store.save(name, null, List.of(new StoredOperation(4 - i, step))).join(); // stored out of seq order
            }
        }
        store.save("done", running("done").finished(ExecutionStatus.SUCCEEDED, "1", null, T0), List.of()).join();

        List<ExecutionStore.Unfinished> unfinished = store.unfinishedWithOperations();
        assertEquals(List.of("a", "b", "c"), unfinished.stream().map(u -> u.record().name()).sorted().toList());
        for (ExecutionStore.Unfinished u : unfinished) {
            String name = u.record().name();
            assertEquals(new ExecutionStore.Unfinished(store.find(name).orElseThrow(), store.operations(name)), u);
        }
        assertEquals(4, unfinished.stream().filter(u -> u.record().name().equals("a")).findFirst().orElseThrow()
                .operations().size(), "the EXECUTION operation and three steps");
    }

    @Test
    void purgeDeletesOnlyExecutionsThatEndedBeforeTheCutoff() {
        store.createIfAbsent(running("old"), executionOp("old")).join();
        store.createIfAbsent(running("new"), executionOp("new")).join();
        store.createIfAbsent(running("open"), executionOp("open")).join();
        store.save("old", running("old").finished(ExecutionStatus.FAILED, null, ErrorObject.of("E", "m"), T0), List.of()).join();
        store.save("new", running("new").finished(ExecutionStatus.SUCCEEDED, "1", null, T0.plusSeconds(100)), List.of()).join();

        assertEquals(1, store.purgeFinishedBefore(T0.plusSeconds(50)).join());
        assertTrue(store.find("old").isEmpty());
        assertTrue(store.operations("old").isEmpty());
        assertEquals(ExecutionStatus.SUCCEEDED, store.find("new").orElseThrow().status());
        assertEquals(ExecutionStatus.RUNNING, store.find("open").orElseThrow().status());
    }
}
