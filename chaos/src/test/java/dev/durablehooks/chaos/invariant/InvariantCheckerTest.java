package dev.durablehooks.chaos.invariant;

import static dev.durablehooks.chaos.invariant.EvidenceBuilder.T0;
import static dev.durablehooks.chaos.invariant.EvidenceBuilder.completed;
import static dev.durablehooks.chaos.invariant.EvidenceBuilder.orderPayload;
import static dev.durablehooks.chaos.invariant.EvidenceBuilder.status;
import static dev.durablehooks.chaos.invariant.EvidenceBuilder.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.chaos.observe.StatusObservation;
import dev.durablehooks.chaos.process.CrashEvent;
import dev.durablehooks.chaos.traffic.Expectation;
import dev.durablehooks.chaos.traffic.IntakeAnomaly;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvariantCheckerTest {
    private final InvariantChecker checker = new InvariantChecker(true);

    private InvariantReport check(EvidenceBuilder evidence) {
        return checker.check(evidence.build());
    }

    private static void assertFailsOnlyOn(InvariantReport report, String id) {
        assertEquals("FAIL", report.verdict(), "verdict");
        for (InvariantOutcome o : report.outcomes()) {
            assertEquals(o.id().equals(id), !o.holds(), o.id() + " " + o.examples());
        }
    }

    @Test
    void faultFreeRunPasses() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a").failedValidation("tok-b", "k-b"));
        assertEquals("PASS", report.verdict(), report.outcomes().toString());
    }

    @Test
    void statusMovingBackwardsIsARegression() {
        StatusObservation done = completed(600, "tok-a", orderPayload("o-tok-a"), 200);
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .seen("tok-a", status(500, "VALIDATING", "validate", done.steps()))
                .seen("tok-a", done));
        assertEquals(1, report.count(InvariantReport.REGRESSIONS));
        assertFailsOnlyOn(report, InvariantReport.REGRESSIONS);
    }

    @Test
    void terminalStatusTurningIntoAnotherIsARegression() {
        InvariantReport report = check(new EvidenceBuilder().failedValidation("tok-b", "k-b")
                .seen("tok-b", new StatusObservation(T0 + 900, 200, "FAILED", "validate",
                        List.of(step("validate", "FAILED", 1, 90, 120)),
                        "Validation failed: Payload must include a \"type\" field", null, null, null)));
        assertEquals("PASS", report.verdict(), "same terminal status again is not a regression");
        report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .seen("tok-a", new StatusObservation(T0 + 900, 200, "FAILED", "process", List.of(), "x", null, null, null)));
        assertTrue(report.count(InvariantReport.REGRESSIONS) >= 1);
    }

    @Test
    void succeededStepGoingBackToStartedIsARegression() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .seen("tok-a", status(500, "COMPLETED", "finalize", List.of(step("validate", "STARTED", 1, 110, -1))))
                .seen("tok-a", completed(600, "tok-a", orderPayload("o-tok-a"), 200)));
        assertTrue(report.count(InvariantReport.REGRESSIONS) >= 1);
        assertFalse(report.passed());
    }

    @Test
    void attemptCounterMovingBackwardsAtTheDownstreamIsARegression() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .forward("tok-a", 3, 160, 503).forward("tok-a", 2, 170, 503));
        assertEquals(1, report.count(InvariantReport.REGRESSIONS));
    }

    @Test
    void tokenStillRunningAtTheEndIsLost() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .accepted("tok-c", "k-c", Expectation.completed("order", orderPayload("o-c")), 0)
                .seen("tok-c", status(100, "PROCESSING", "process", List.of())));
        assertEquals(1, report.count(InvariantReport.LOST));
        assertFailsOnlyOn(report, InvariantReport.LOST);
    }

    @Test
    void tokenNeverReadableIsLost() {
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-c", "k-c", Expectation.completed("order", orderPayload("o-c")), 0));
        assertEquals(1, report.count(InvariantReport.LOST));
    }

    @Test
    void tokenAnswering404AfterIts202IsLostEvenIfItReappears() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .seen("tok-a", StatusObservation.notFound(T0 + 700))
                .seen("tok-a", completed(800, "tok-a", orderPayload("o-tok-a"), 200)));
        assertEquals(1, report.count(InvariantReport.LOST));
    }

    @Test
    void forwardAfterTheProcessCheckpointIsARerun() {
        // process ended (checkpoint) at +200; after a kill at +450 the step ran again at +900
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .crash(CrashEvent.kill(T0 + 450)).restarted(500).forward("tok-a", 1, 900, 200));
        assertEquals(1, report.count(InvariantReport.RERUNS));
        assertFailsOnlyOn(report, InvariantReport.RERUNS);
    }

    @Test
    void checkpointSeenByPollingCountsEvenIfTheHistoryIsRewrittenLater() {
        // a broken replay re-ran process at +900 and overwrote endedAt to +950; the drill had read SUCCEEDED at +400
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forward("tok-a", 1, 150, 200)
                .seen("tok-a", status(400, "PROCESSING", "process", List.of(step("validate", "SUCCEEDED", 1, 110, 120),
                        step("process", "SUCCEEDED", 1, 130, 950))))
                .crash(CrashEvent.kill(T0 + 450)).restarted(500)
                .forward("tok-a", 1, 900, 200)
                .seen("tok-a", completed(1200, "tok-a", payload, 950)));
        assertEquals(1, report.count(InvariantReport.RERUNS));
    }

    @Test
    void sideEffectRepeatedWithoutACrashIsARerun() {
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forward("tok-a", 1, 150, 200).forward("tok-a", 1, 160, 200)
                .seen("tok-a", completed(400, "tok-a", payload, 200)));
        assertEquals(1, report.count(InvariantReport.RERUNS));
    }

    @Test
    void stepInFlightAtAKillMayRunAgainBeforeItsCheckpoint() {
        // forward succeeded at +150, killed at +170 before the checkpoint, re-run at +900, checkpoint at +950
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forward("tok-a", 1, 150, 200).crash(CrashEvent.kill(T0 + 170)).restarted(250)
                .forward("tok-a", 1, 900, 200)
                .seen("tok-a", completed(1200, "tok-a", payload, 950)));
        assertEquals("PASS", report.verdict(), report.outcomes().toString());
    }

    @Test
    void retryAfterASuccessTheServiceTimedOutOnIsNotARerun() {
        // the downstream answered 200, but after the service's forward timeout: the service retried with attempt 2
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forward("tok-a", 1, 150, 200).forward("tok-a", 2, 1300, 200)
                .seen("tok-a", completed(1600, "tok-a", payload, 1400)));
        assertEquals("PASS", report.verdict(), report.outcomes().toString());
    }

    @Test
    void requestOfTheKilledProcessLoggedAfterTheKillIsNotARerun() {
        // the dying process's forward reached the downstream's log at +172, after the kill at +170 but before the
        // next process was spawned at +250; the restarted process forwarded again at +900
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .crash(CrashEvent.kill(T0 + 170)).forward("tok-a", 1, 172, 200).restarted(250)
                .forward("tok-a", 1, 900, 200)
                .seen("tok-a", completed(1200, "tok-a", payload, 950)));
        assertEquals("PASS", report.verdict(), report.outcomes().toString());
    }

    @Test
    void requestOfTheKilledProcessLoggedSecondsLateIsAttributedByItsUrlNotItsTime() {
        // process 1 forwarded, was killed at +170; the downstream, backlogged, logged its request at +2000, after
        // process 2 was spawned (+250) and had forwarded again (+1500)
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .crash(CrashEvent.kill(T0 + 170)).restarted(250)
                .forwardFrom(2, "tok-a", 1, 1500, 200).forwardFrom(1, "tok-a", 1, 2000, 200)
                .seen("tok-a", completed(3000, "tok-a", payload, 1600)));
        assertEquals("PASS", report.verdict(), report.outcomes().toString());
    }

    @Test
    void processSpawnedAfterTheCheckpointThatForwardsAgainIsARerunWhateverItsUrl() {
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forwardFrom(1, "tok-a", 1, 150, 200)
                .seen("tok-a", status(300, "PROCESSING", "process", List.of(step("process", "SUCCEEDED", 1, 130, 200))))
                .crash(CrashEvent.kill(T0 + 400)).restarted(450)
                .forwardFrom(2, "tok-a", 1, 900, 200)
                .seen("tok-a", completed(1200, "tok-a", payload, 200)));
        assertEquals(1, report.count(InvariantReport.RERUNS));
    }

    @Test
    void sideEffectRepeatedAfterAKillButByTheSameProcessIsARerun() {
        // a kill was sent, but both forwards came before any new process existed: the dying process repeated it
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forward("tok-a", 1, 150, 200).crash(CrashEvent.kill(T0 + 160)).forward("tok-a", 1, 165, 200)
                .restarted(250).seen("tok-a", completed(1200, "tok-a", payload, 950)));
        assertEquals(1, report.count(InvariantReport.RERUNS));
    }

    @Test
    void haltAfterTheProcessCheckpointFollowedByAnotherForwardIsARerun() {
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forward("tok-a", 1, 150, 200)
                .crash(CrashEvent.halt(T0 + 170, "process", "after-checkpoint", "tok-a", 1)).restarted(250)
                .forward("tok-a", 1, 900, 200)
                .seen("tok-a", completed(1200, "tok-a", payload, 950)));
        assertEquals(1, report.count(InvariantReport.RERUNS));
    }

    @Test
    void retriesAfterFailedForwardsAreNotReruns() {
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forward("tok-a", 1, 150, 503).forward("tok-a", 2, 1150, 503).forward("tok-a", 3, 2150, 200)
                .seen("tok-a", completed(2400, "tok-a", payload, 2200)));
        assertEquals("PASS", report.verdict(), report.outcomes().toString());
    }

    @Test
    void twoTokensForOneDedupKeyAreADuplicateExecution() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "same-key")
                .completedOrder("tok-z", "same-key"));
        assertEquals(1, report.count(InvariantReport.DUPLICATES));
        assertFailsOnlyOn(report, InvariantReport.DUPLICATES);
    }

    @Test
    void sameBodyResendAnswered409IsADuplicateViolation() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .anomaly(new IntakeAnomaly(IntakeAnomaly.Kind.DEDUP_CONFLICT, "d-1", 409, "conflict", T0)));
        assertEquals(1, report.count(InvariantReport.DUPLICATES));
    }

    @Test
    void wrongBusinessResultIsAnOutcomeMismatch() {
        ObjectNode payload = orderPayload("o-tok-a");
        StatusObservation done = completed(400, "tok-a", payload, 200);
        ((ObjectNode) done.result()).put("businessResult", "Processed webhook of type: payment");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .forward("tok-a", 1, 150, 200).seen("tok-a", done));
        assertEquals(1, report.count(InvariantReport.OUTCOMES));
        assertFailsOnlyOn(report, InvariantReport.OUTCOMES);
    }

    @Test
    void invalidPayloadThatCompletedIsAnOutcomeMismatch() {
        ObjectNode payload = orderPayload("o-x");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-b", "k-b", Expectation.failedValidation("Order webhooks must include orderId", payload), 0)
                .seen("tok-b", completed(400, "tok-b", payload, 200)));
        assertEquals(1, report.count(InvariantReport.OUTCOMES));
    }

    @Test
    void wrongValidationMessageOrAForwardedInvalidPayloadAreOutcomeMismatches() {
        InvariantReport report = check(new EvidenceBuilder().failedValidation("tok-b", "k-b")
                .forward("tok-b", 1, 150, 200));
        assertEquals(1, report.count(InvariantReport.OUTCOMES));
        report = check(new EvidenceBuilder()
                .accepted("tok-b", "k-b", Expectation.failedValidation("Order webhooks must include orderId",
                        EvidenceBuilder.invalidPayload()), 0)
                .seen("tok-b", new StatusObservation(T0 + 300, 200, "FAILED", "validate", List.of(),
                        "Validation failed: Payload must include a \"type\" field", null, null, null)));
        assertEquals(1, report.count(InvariantReport.OUTCOMES));
    }

    @Test
    void completedWithoutReachingTheDownstreamIsAnOutcomeMismatch() {
        ObjectNode payload = orderPayload("o-tok-a");
        InvariantReport report = check(new EvidenceBuilder()
                .accepted("tok-a", "k-a", Expectation.completed("order", payload), 0)
                .seen("tok-a", completed(400, "tok-a", payload, 200)));
        assertEquals(1, report.count(InvariantReport.OUTCOMES));
    }

    @Test
    void serverErrorAtIntakeFails() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .anomaly(new IntakeAnomaly(IntakeAnomaly.Kind.SERVER_ERROR, "d-9", 500, "boom", T0)));
        assertFailsOnlyOn(report, InvariantReport.INTAKE);
    }

    @Test
    void serviceExitingOnItsOwnFails() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a")
                .crash(CrashEvent.unexpectedExit(T0 + 50)));
        assertFailsOnlyOn(report, "unexpected_exits");
    }

    @Test
    void withoutADownstreamJournalRerunsAreNotMeasuredRatherThanPassed() {
        InvariantReport report = new InvariantChecker(false).check(new EvidenceBuilder().withoutDownstream()
                .completedOrder("tok-a", "k-a").build());
        InvariantOutcome reruns = report.outcomes().stream()
                .filter(o -> o.id().equals(InvariantReport.RERUNS)).findFirst().orElseThrow();
        assertFalse(reruns.measured());
        assertEquals("PASS", report.verdict());
    }

    @Test
    void extraDrillCheckThatFailsMakesTheVerdictFail() {
        InvariantReport report = check(new EvidenceBuilder().completedOrder("tok-a", "k-a"))
                .with(InvariantOutcome.of("fault_coverage", "t", "m", List.of("process:after-side-effect never fired")));
        assertEquals("FAIL", report.verdict());
    }
}
