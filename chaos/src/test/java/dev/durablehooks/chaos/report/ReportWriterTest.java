package dev.durablehooks.chaos.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.durablehooks.chaos.invariant.InvariantOutcome;
import dev.durablehooks.chaos.invariant.InvariantReport;
import dev.durablehooks.chaos.process.TimelineEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
    private static DrillResult result(List<String> lostTokens) {
        InvariantReport invariants = new InvariantReport(List.of(
                InvariantOutcome.of(InvariantReport.LOST, "No accepted webhook is lost", "m", lostTokens),
                InvariantOutcome.of(InvariantReport.REGRESSIONS, "r", "m", List.of()),
                InvariantOutcome.notMeasured(InvariantReport.RERUNS, "c", "no journal"),
                InvariantOutcome.of(InvariantReport.DUPLICATES, "d", "m", List.of())));
        return new DrillResult("kill-loop", 1, 1000, 5000, Map.of("rate", 10), Map.of("sent", 3L), 3, 1, 1,
                invariants, List.of(new RecoveryMeasurement(2, 2000, 2100, 3, 500, 700, 1500)),
                List.of(new TimelineEvent(2000, TimelineEvent.Kind.KILL, "kill -9 <pid>")), List.of(1500L, 3000L));
    }

    @Test
    void resultLineHasTheAgreedShape() {
        assertEquals("RESULT drill=kill-loop executions=3 kills=1 lost=1 regressions=0 reruns_after_checkpoint=0 "
                + "duplicate_executions=0 verdict=FAIL", result(List.of("tok: still PROCESSING")).resultLine());
        assertEquals(0, result(List.of()).exitCode());
        assertEquals(1, result(List.of("x")).exitCode());
    }

    @Test
    void htmlIsSelfContainedAndEscaped() {
        String html = ReportWriter.html(result(List.of("<script>alert(1)</script>")));
        assertFalse(html.contains("<script"), "user text is escaped");
        assertFalse(html.contains("src="), "no external assets");
        assertFalse(html.contains("<link"), "no external stylesheets");
        assertTrue(html.contains("<svg"));
        assertTrue(html.contains("VIOLATED"));
        assertTrue(html.contains("not measured"));
    }

    @Test
    void jsonCarriesVerdictInvariantsAndRecovery() {
        var json = ReportWriter.json(result(List.of()));
        assertEquals("PASS", json.get("verdict").asText());
        assertEquals(4, json.get("invariants").size());
        assertEquals(1500, json.get("recovery").get(0).get("restartToAllInFlightTerminalMillis").asLong());
    }
}
