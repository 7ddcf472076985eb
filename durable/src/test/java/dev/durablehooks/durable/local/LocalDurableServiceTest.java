package dev.durablehooks.durable.local;

import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.execution.InvocationOutput;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.durablehooks.durable.local.Updates.executionSucceed;
import static dev.durablehooks.durable.local.Updates.id;
import static dev.durablehooks.durable.local.Updates.stepRetry;
import static dev.durablehooks.durable.local.Updates.stepStart;
import static dev.durablehooks.durable.local.Updates.stepSucceed;
import static dev.durablehooks.durable.local.Updates.waitStart;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDurableServiceTest {
    @TempDir
    Path dir;

    private final ManualInvoker invoker = new ManualInvoker();
    private final List<ServiceFixture> fixtures = new ArrayList<>();

    @AfterEach
    void closeAll() {
        fixtures.forEach(ServiceFixture::close);
    }

    private LocalDurableService service() {
        return service(b -> b);
    }

    private LocalDurableService service(UnaryOperator<LocalDurableService.Builder> customize) {
        ServiceFixture fixture = new ServiceFixture(dir.resolve("engine.db"), invoker, customize);
        fixtures.add(fixture);
        return fixture.service;
    }

    private static ExecutionStatus statusOf(LocalDurableService service, String name) {
        return service.describe(name).orElseThrow().status();
    }

    @Test
    void startInvokesTheHandlerWithTheDurableEnvelope() {
        LocalDurableService service = service();
        StartResult started = service.start("order-1", "{\"orderId\":\"o-1\"}");

        assertTrue(started.created());
        assertTrue(started.durableExecutionArn().startsWith(
                "arn:aws:lambda:local:000000000000:function:webhook:$LATEST/durable-execution/order-1/"), started.durableExecutionArn());
        ManualInvoker.Held invocation = invoker.next();
        assertEquals(started.durableExecutionArn(), invocation.arn());
        assertFalse(invocation.token.isEmpty());
        List<Operation> ops = invocation.initialOperations();
        assertEquals(1, ops.size());
        Operation execution = ops.get(0);
        assertEquals(OperationType.EXECUTION, execution.type());
        assertEquals(OperationStatus.STARTED, execution.status());
        assertEquals("{\"orderId\":\"o-1\"}", execution.executionDetails().inputPayload());
        assertTrue(started.durableExecutionArn().endsWith("/" + execution.id()), "the execution op id is the ARN's last segment");
        invocation.answer(InvocationOutput.succeeded("\"ok\""));
    }

    @Test
    void startIsDurableBeforeItReturns() {
        LocalDurableService service = service();
        service.start("durable-1", "{}");
        // Read through a separate store on the same file: only committed data is visible there.
        ServiceFixture fixture = fixtures.get(0);
        assertEquals(ExecutionStatus.RUNNING,
                new dev.durablehooks.durable.local.sqlite.SqliteExecutionStore(fixture.db).find("durable-1").orElseThrow().status());
        invoker.next().answer(InvocationOutput.succeeded(null));
    }

    @Test
    void startingTheSameNameWithTheSameInputReturnsTheExistingExecution() throws Exception {
        LocalDurableService service = service();
        StartResult first = service.start("dup", "{\"a\":1}");
        StartResult second = service.start("dup", "{\"a\":1}");

        assertFalse(second.created());
        assertEquals(first.durableExecutionArn(), second.durableExecutionArn());
        invoker.next().answer(InvocationOutput.succeeded(null));
        invoker.expectNone(300);
    }

    @Test
    void startingTheSameNameWithADifferentInputIsRefused() {
        LocalDurableService service = service();
        service.start("dup", "{\"a\":1}");
        ExecutionAlreadyExistsException e = assertThrows(ExecutionAlreadyExistsException.class,
                () -> service.start("dup", "{\"a\":2}"));
        assertEquals("dup", e.executionName());
        invoker.next().answer(InvocationOutput.succeeded(null));
    }

    @Test
    void startingAFinishedExecutionAgainReturnsItWithoutInvokingAgain() throws Exception {
        LocalDurableService service = service();
        StartResult first = service.start("done", "{}");
        invoker.next().answer(InvocationOutput.succeeded("\"r\""));
        await().until(() -> statusOf(service, "done") == ExecutionStatus.SUCCEEDED);

        StartResult again = service.start("done", "{}");
        assertFalse(again.created());
        assertEquals(first.durableExecutionArn(), again.durableExecutionArn());
        assertThrows(ExecutionAlreadyExistsException.class, () -> service.start("done", "{\"other\":true}"));
        invoker.expectNone(300);
    }

    @Test
    void anInvalidExecutionNameIsRefused() {
        LocalDurableService service = service();
        assertThrows(IllegalArgumentException.class, () -> service.start("has/slash", "{}"));
        assertThrows(IllegalArgumentException.class, () -> service.start("x".repeat(65), "{}"));
    }

    @Test
    void aSucceededInvocationFinishesTheExecutionWithItsResult() {
        LocalDurableService service = service();
        service.start("ok", "{}");
        ManualInvoker.Held invocation = invoker.next();
        invocation.checkpoint(stepStart(id(1)), stepSucceed(id(1), "42"));
        invocation.answer(InvocationOutput.succeeded("\"done\""));

        await().until(() -> statusOf(service, "ok") == ExecutionStatus.SUCCEEDED);
        ExecutionView view = service.describe("ok").orElseThrow();
        assertEquals("\"done\"", view.result());
        assertNotNull(view.endedAt());
        List<Operation> ops = service.operations("ok");
        assertEquals(List.of(OperationType.EXECUTION, OperationType.STEP), ops.stream().map(Operation::type).toList());
        assertEquals(OperationStatus.SUCCEEDED, ops.get(0).status());
        assertEquals("42", ops.get(1).stepDetails().result());
        assertEquals(1, ops.get(1).stepDetails().attempt());
        assertEquals(0, service.inFlight());
    }

    @Test
    void aFailedInvocationFailsTheExecutionWithItsError() {
        LocalDurableService service = service();
        service.start("bad", "{}");
        invoker.next().answer(InvocationOutput.failed(ErrorObject.of("java.lang.IllegalArgumentException", "nope")));
        await().until(() -> statusOf(service, "bad") == ExecutionStatus.FAILED);
        assertEquals("nope", service.describe("bad").orElseThrow().error().errorMessage());
    }

    @Test
    void eachCheckpointConsumesItsTokenAndTheOldOneIsRefused() {
        LocalDurableService service = service();
        service.start("tokens", "{}");
        ManualInvoker.Held invocation = invoker.next();
        String first = invocation.token;
        CheckpointResponse response = invocation.checkpoint(stepStart(id(1)));
        assertNotEquals(first, response.checkpointToken());

        DurableServiceException stale = assertThrows(DurableServiceException.class,
                () -> service.checkpoint(invocation.arn(), first, List.of(stepSucceed(id(1), "1"))));
        assertTrue(stale.getMessage().startsWith("Invalid Checkpoint Token"), stale.getMessage());
        assertEquals(400, stale.statusCode());
        assertTrue(stale.retryable());
        invocation.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void anUnknownTokenOrArnIsRefused() {
        LocalDurableService service = service();
        service.start("unknown", "{}");
        ManualInvoker.Held invocation = invoker.next();
        assertThrows(DurableServiceException.class, () -> service.checkpoint(invocation.arn(), "forged", List.of()));
        assertThrows(DurableServiceException.class, () -> service.checkpoint("arn:nope", invocation.token, List.of()));
        assertThrows(DurableServiceException.class, () -> service.getExecutionState(invocation.arn(), "forged", null));
        invocation.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void theTokenOfAnEndedInvocationIsRefused() {
        LocalDurableService service = service();
        service.start("ended", "{}");
        ManualInvoker.Held invocation = invoker.next();
        invocation.checkpoint(stepRetry(id(1), 1));
        invocation.answer(InvocationOutput.pending());
        ManualInvoker.Held next = invoker.next();
        assertThrows(DurableServiceException.class, () -> invocation.checkpoint(stepStart(id(1))));
        next.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void afterTheExecutionIsClosedByACheckpointNoTokenIsValid() {
        LocalDurableService service = service();
        service.start("closed", "{}");
        ManualInvoker.Held invocation = invoker.next();
        String execId = invocation.initialOperations().get(0).id();
        String big = "\"" + "r".repeat(1000) + "\"";
        invocation.checkpoint(executionSucceed(execId, big));

        DurableServiceException e = assertThrows(DurableServiceException.class, () -> invocation.checkpoint(stepStart(id(1))));
        assertTrue(e.getMessage().startsWith("Invalid Checkpoint Token"));
        invocation.answer(InvocationOutput.succeeded(""));
        await().until(() -> statusOf(service, "closed") == ExecutionStatus.SUCCEEDED);
        assertEquals(big, service.describe("closed").orElseThrow().result(), "the checkpointed result wins over the empty one");
    }

    @Test
    void retryCountsTheAttemptAndSchedulesTheNextOne() {
        LocalDurableService service = service();
        service.start("retry", "{}");
        ManualInvoker.Held invocation = invoker.next();
        Instant before = Instant.now();
        CheckpointResponse response = invocation.checkpoint(stepStart(id(1)), stepRetry(id(1), 30));
        Operation step = response.newExecutionState().operations().get(0);
        assertEquals(OperationStatus.PENDING, step.status());
        assertEquals(1, step.stepDetails().attempt());
        Instant next = step.stepDetails().nextAttemptTimestamp();
        assertFalse(next.isBefore(before.plusSeconds(30)), "NextAttemptTimestamp = now + delay");
        assertEquals("flaky", step.stepDetails().error().errorMessage());
        invocation.answer(InvocationOutput.failed(ErrorObject.of("E", "stop")));
    }

    @Test
    void aPendingStepBecomesReadyAndTheExecutionIsInvokedAgainAtItsRetryTime() {
        LocalDurableService service = service();
        service.start("pending", "{}");
        ManualInvoker.Held first = invoker.next();
        first.checkpoint(stepStart(id(1)), stepRetry(id(1), 1));
        Instant suspendedAt = Instant.now();
        first.answer(InvocationOutput.pending());

        ManualInvoker.Held second = invoker.next();
        assertFalse(Instant.now().isBefore(suspendedAt.plusMillis(900)), "not invoked before the retry time");
        Operation step = second.initialOperations().stream().filter(o -> o.id().equals(id(1))).findFirst().orElseThrow();
        assertEquals(OperationStatus.READY, step.status());
        assertEquals(List.of(id(1)), second.input.updatedOperationIds());
        CheckpointResponse restarted = second.checkpoint(stepStart(id(1)), stepSucceed(id(1), "\"second try\""));
        assertEquals(2, restarted.newExecutionState().operations().get(0).stepDetails().attempt());
        second.answer(InvocationOutput.succeeded(null));
        await().until(() -> statusOf(service, "pending") == ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aWaitSucceedsAndTheExecutionIsInvokedAgainAtItsEnd() {
        LocalDurableService service = service();
        service.start("waiting", "{}");
        ManualInvoker.Held first = invoker.next();
        CheckpointResponse started = first.checkpoint(waitStart(id(1), 1));
        Instant end = started.newExecutionState().operations().get(0).waitDetails().scheduledEndTimestamp();
        first.answer(InvocationOutput.pending());

        ManualInvoker.Held second = invoker.next();
        assertFalse(Instant.now().isBefore(end), "not invoked before the wait ends");
        Operation wait = second.initialOperations().get(1);
        assertEquals(OperationStatus.SUCCEEDED, wait.status());
        assertEquals(List.of(id(1)), second.input.updatedOperationIds());
        second.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void aPollingCheckpointReportsATimerThatFired() throws Exception {
        LocalDurableService service = service();
        service.start("poll", "{}");
        ManualInvoker.Held invocation = invoker.next();
        invocation.checkpoint(waitStart(id(1), 1));
        assertTrue(invocation.checkpoint().newExecutionState().operations().isEmpty(), "nothing changed yet");
        Thread.sleep(1100);
        List<Operation> changed = invocation.checkpoint().newExecutionState().operations();
        assertEquals(1, changed.size());
        assertEquals(OperationStatus.SUCCEEDED, changed.get(0).status());
        invocation.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void pendingWithNothingPendingFailsTheExecution() throws Exception {
        LocalDurableService service = service();
        service.start("nothing", "{}");
        ManualInvoker.Held invocation = invoker.next();
        invocation.checkpoint(stepStart(id(1)));
        invocation.answer(InvocationOutput.pending());

        await().until(() -> statusOf(service, "nothing") == ExecutionStatus.FAILED);
        assertEquals("Cannot return PENDING status with no pending operations",
                service.describe("nothing").orElseThrow().error().errorMessage());
        invoker.expectNone(300);
    }

    @Test
    void aThrowingInvocationIsRetriedAndFinallyFailsTheExecution() {
        LocalDurableService service = service(b -> b.maxInvocationAttempts(3));
        service.start("throws", "{}");
        invoker.next().crash(new IllegalStateException("boom 1"));
        invoker.next().crash(new IllegalStateException("boom 2"));
        invoker.next().crash(new IllegalStateException("boom 3"));

        await().until(() -> statusOf(service, "throws") == ExecutionStatus.FAILED);
        ErrorObject error = service.describe("throws").orElseThrow().error();
        assertEquals("java.lang.IllegalStateException", error.errorType());
        assertTrue(error.errorMessage().contains("boom 3"), error.errorMessage());
    }

    @Test
    void aThrowingInvocationFollowedByASuccessfulOneCompletes() {
        LocalDurableService service = service();
        service.start("transient", "{}");
        ManualInvoker.Held first = invoker.next();
        first.checkpoint(stepStart(id(1)), stepSucceed(id(1), "1"));
        first.crash(new IllegalStateException("throttled"));
        ManualInvoker.Held second = invoker.next();
        assertEquals(OperationStatus.SUCCEEDED, second.initialOperations().get(1).status(), "the checkpointed step is kept");
        second.answer(InvocationOutput.succeeded("\"ok\""));
        await().until(() -> statusOf(service, "transient") == ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aHungInvocationLosesItsLeaseAndTheExecutionIsInvokedAgainWithANewToken() {
        LocalDurableService service = service(b -> b.invocationLease(Duration.ofMillis(300)));
        service.start("hung", "{}");
        ManualInvoker.Held hung = invoker.next();
        hung.checkpoint(stepStart(id(1)));

        ManualInvoker.Held fresh = invoker.next();
        assertNotEquals(hung.token, fresh.token);
        assertThrows(DurableServiceException.class, () -> hung.checkpoint(stepSucceed(id(1), "late")));
        fresh.checkpoint(stepSucceed(id(1), "\"fresh\""));
        fresh.answer(InvocationOutput.succeeded(null));
        hung.answer(InvocationOutput.failed(ErrorObject.of("Late", "ignored")));
        await().until(() -> statusOf(service, "hung") == ExecutionStatus.SUCCEEDED);
        assertEquals("\"fresh\"", service.operations("hung").get(1).stepDetails().result());
    }

    @Test
    void largeStatesArePagedWithNextMarker() {
        LocalDurableService service = service(b -> b.pageSize(100));
        service.start("paged", "{}");
        ManualInvoker.Held first = invoker.next();
        List<OperationUpdate> updates = new ArrayList<>();
        for (int i = 1; i <= 249; i++) {
            updates.add(stepSucceed(id(i), Integer.toString(i)));
        }
        first.checkpoint(updates.toArray(OperationUpdate[]::new));
        first.crash(new IllegalStateException("re-invoke me"));

        ManualInvoker.Held second = invoker.next();
        ExecutionState page1 = second.input.initialExecutionState();
        assertEquals(100, page1.operations().size());
        assertTrue(page1.hasMore());
        List<Operation> all = new ArrayList<>(page1.operations());
        String marker = page1.nextMarker();
        while (marker != null) {
            ExecutionState page = second.client.getExecutionState(second.arn(), second.token, marker);
            all.addAll(page.operations());
            marker = page.hasMore() ? page.nextMarker() : null;
        }
        assertEquals(250, all.size());
        assertEquals(OperationType.EXECUTION, all.get(0).type());
        for (int i = 1; i <= 249; i++) {
            assertEquals(id(i), all.get(i).id(), "start order");
        }
        second.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void childrenOfAClosedContextAreLeftOutOfTheState() {
        LocalDurableService service = service();
        service.start("ctx", "{}");
        ManualInvoker.Held first = invoker.next();
        String ctx = id(1);
        String child = dev.durablehooks.durable.operation.OperationIds.of(ctx, 1);
        first.checkpoint(Updates.contextStart(ctx), Updates.child(child, ctx));
        first.checkpoint(new OperationUpdate(ctx, null, "ctx", OperationType.CONTEXT, "RunInChildContext",
                dev.durablehooks.durable.operation.OperationAction.SUCCEED, "\"c\"", null, null, null));
        first.crash(new IllegalStateException("re-invoke me"));

        ManualInvoker.Held second = invoker.next();
        List<String> ids = second.initialOperations().stream().map(Operation::id).toList();
        assertTrue(ids.contains(ctx));
        assertFalse(ids.contains(child));
        assertEquals(3, service.operations("ctx").size(), "observers still see every operation");
        second.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void describeAndOperationsOfAnUnknownExecutionAreEmpty() {
        LocalDurableService service = service();
        assertTrue(service.describe("missing").isEmpty());
        assertTrue(service.operations("missing").isEmpty());
    }

    @Test
    void inFlightHeapBytesAddsUpTheEstimatesOfExecutionsNotYetFinished() {
        LocalDurableService service = service();
        service.start("a", "{\"n\":1}");
        service.start("b", "[1,2,3,4]");
        long a = DurableExecutions.EXECUTION_HEAP_BYTES + 7;
        long b = DurableExecutions.EXECUTION_HEAP_BYTES + 9;
        assertEquals(a + b, service.inFlightHeapBytes());
        // Both are invoked at once, in either order.
        ManualInvoker.Held first = invoker.next();
        ManualInvoker.Held second = invoker.next();
        boolean firstIsA = first.arn().startsWith(LocalDurableService.ARN_PREFIX + "a/");
        ManualInvoker.Held heldA = firstIsA ? first : second;
        ManualInvoker.Held heldB = firstIsA ? second : first;

        heldA.answer(InvocationOutput.succeeded(null));
        await().until(() -> service.inFlightHeapBytes() == b);
        service.start("a", "{\"n\":1}"); // the same execution again: it finished, nothing new is in flight
        assertEquals(b, service.inFlightHeapBytes());
        heldB.answer(InvocationOutput.succeeded(null));
        await().until(() -> service.inFlightHeapBytes() == 0);
    }

    @Test
    void anExecutionsHeapEstimateIsItsFixedPartPlusItsInputsCharacters() {
        assertEquals(DurableExecutions.EXECUTION_HEAP_BYTES, DurableExecutions.heapBytesOf(null));
        assertEquals(DurableExecutions.EXECUTION_HEAP_BYTES + 9, DurableExecutions.heapBytesOf("{\"s\":\"é\"}"),
                "Latin-1 characters take a byte each");
    }

    @Test
    void oneCharacterBeyondLatin1MakesEveryCharacterOfTheInputCountTwice() {
        assertEquals(DurableExecutions.EXECUTION_HEAP_BYTES + 2 * 11,
                DurableExecutions.heapBytesOf("{\"s\":\"a€b\"}"));
    }

    @Test
    void inFlightCountsExecutionsNotYetFinished() {
        LocalDurableService service = service();
        service.start("a", "{}");
        service.start("b", "{}");
        assertEquals(2, service.inFlight());
        invoker.next().answer(InvocationOutput.succeeded(null));
        invoker.next().answer(InvocationOutput.succeeded(null));
        await().until(() -> service.inFlight() == 0);
    }

    @Test
    void invocationsBeyondTheConcurrencyLimitWaitTheirTurn() throws Exception {
        LocalDurableService service = service(b -> b.maxConcurrentInvocations(2));
        service.start("q1", "{}");
        service.start("q2", "{}");
        service.start("q3", "{}");
        ManualInvoker.Held a = invoker.next();
        ManualInvoker.Held b = invoker.next();
        invoker.expectNone(300);
        a.answer(InvocationOutput.succeeded(null));
        ManualInvoker.Held c = invoker.next();
        assertTrue(c.arn().contains("/q3/"));
        b.answer(InvocationOutput.succeeded(null));
        c.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void anInvocationWaitsWhileTheRunningOnesWouldHoldMoreThanTheHeapBudget() throws Exception {
        // {} is estimated at 1,102 bytes, a 10,000-character input at 11,108: together 12,210.
        LocalDurableService service = service(b -> b.maxRunningHeapBytes(12_000, 1));
        assertSecondRunsOnlyAfterFirst(service, "large", largeInput(), "small", "{}");
    }

    @Test
    void theHeapBudgetCountsEachInputTimesTheGivenMultiple() throws Exception {
        // Three {} fit in 3,306 bytes once each, not at three times their estimate.
        LocalDurableService service = service(b -> b.maxRunningHeapBytes(3_306, 3));
        assertSecondRunsOnlyAfterFirst(service, "m1", "{}", "m2", "{}");
    }

    @Test
    void anExecutionLargerThanTheWholeHeapBudgetStillRunsAlone() throws Exception {
        LocalDurableService service = service(b -> b.maxRunningHeapBytes(1_000, 1));
        assertSecondRunsOnlyAfterFirst(service, "huge", largeInput(), "next", "{}");
    }

    @Test
    void smallerExecutionsDoNotPassALargeOneWaitingForHeap() throws Exception {
        LocalDurableService service = service(b -> b.maxRunningHeapBytes(12_000, 1));
        service.start("s1", "{}");
        ManualInvoker.Held s1 = invoker.next();
        service.start("large", largeInput());
        service.start("s2", "{}");
        invoker.expectNone(300);
        s1.answer(InvocationOutput.succeeded(null));
        ManualInvoker.Held large = invoker.next();
        assertTrue(large.arn().contains("/large/"));
        invoker.expectNone(300);
        large.answer(InvocationOutput.succeeded(null));
        ManualInvoker.Held s2 = invoker.next();
        assertTrue(s2.arn().contains("/s2/"));
        s2.answer(InvocationOutput.succeeded(null));
    }

    /** Starts both; the first is invoked, the second only once the first has answered; both end. */
    private void assertSecondRunsOnlyAfterFirst(LocalDurableService service, String first, String firstInput,
                                                String second, String secondInput) throws Exception {
        service.start(first, firstInput);
        service.start(second, secondInput);
        ManualInvoker.Held running = invoker.next();
        assertTrue(running.arn().contains("/" + first + "/"));
        invoker.expectNone(300);
        running.answer(InvocationOutput.succeeded(null));
        ManualInvoker.Held next = invoker.next();
        assertTrue(next.arn().contains("/" + second + "/"));
        next.answer(InvocationOutput.succeeded(null));
        await().until(() -> service.inFlight() == 0);
    }

    private static String largeInput() {
        return "{\"x\":\"" + "a".repeat(10_000) + "\"}";
    }

    @Test
    void afterARestartAnExecutionWhoseInvocationDiedIsInvokedAgainWithItsCheckpoints() {
        LocalDurableService first = service();
        first.start("survivor", "{\"x\":1}");
        ManualInvoker.Held dying = invoker.next();
        dying.checkpoint(stepStart(id(1)), stepSucceed(id(1), "\"one\""));
        dying.checkpoint(stepStart(id(2)));
        fixtures.remove(0).close(); // the process "dies": the invocation never answers

        LocalDurableService second = service();
        ManualInvoker.Held resumed = invoker.next();
        assertTrue(resumed.arn().contains("/survivor/"));
        List<Operation> ops = resumed.initialOperations();
        assertEquals(3, ops.size());
        assertEquals(OperationStatus.SUCCEEDED, ops.get(1).status());
        assertEquals("\"one\"", ops.get(1).stepDetails().result());
        assertEquals(OperationStatus.STARTED, ops.get(2).status());
        assertThrows(DurableServiceException.class, () -> dying.checkpoint(stepSucceed(id(2), "old")));
        resumed.checkpoint(stepSucceed(id(2), "\"two\""));
        resumed.answer(InvocationOutput.succeeded("\"done\""));
        await().until(() -> statusOf(second, "survivor") == ExecutionStatus.SUCCEEDED);
        dying.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void afterARestartASuspendedExecutionIsInvokedAtItsTimerNotBefore() throws Exception {
        LocalDurableService first = service();
        first.start("sleeper", "{}");
        ManualInvoker.Held invocation = invoker.next();
        invocation.checkpoint(waitStart(id(1), 2));
        invocation.answer(InvocationOutput.pending());
        await().until(() -> first.describe("sleeper").orElseThrow().status() == ExecutionStatus.RUNNING
                && fixtures.get(0).db.read(c -> {
                    try (var rs = c.createStatement().executeQuery(
                            "SELECT wake_at IS NOT NULL FROM durable_executions WHERE name='sleeper'")) {
                        return rs.next() && rs.getBoolean(1);
                    }
                }));
        fixtures.remove(0).close();

        service();
        invoker.expectNone(1000);
        ManualInvoker.Held woken = invoker.next();
        assertEquals(OperationStatus.SUCCEEDED, woken.initialOperations().get(1).status());
        woken.answer(InvocationOutput.succeeded(null));
    }

    @Test
    void checkpointsAfterCloseAreRefusedAsRetryable() {
        LocalDurableService service = service();
        service.start("closing", "{}");
        ManualInvoker.Held invocation = invoker.next();
        service.close();
        DurableServiceException e = assertThrows(DurableServiceException.class, () -> invocation.checkpoint(stepStart(id(1))));
        assertTrue(e.retryable());
        invocation.answer(InvocationOutput.succeeded(null));
    }
}
