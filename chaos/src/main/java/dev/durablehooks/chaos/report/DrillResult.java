package dev.durablehooks.chaos.report;

import dev.durablehooks.chaos.invariant.InvariantReport;
import dev.durablehooks.chaos.process.TimelineEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Everything a drill reports: counters, the invariant table, recovery figures, and the timeline. */
public record DrillResult(String drill, long seed, long startedAtMillis, long finishedAtMillis,
                          Map<String, Object> parameters, Map<String, Long> traffic, int executions, int kills,
                          int restarts, InvariantReport invariants, List<RecoveryMeasurement> recovery,
                          List<TimelineEvent> timeline, List<Long> completionTimes) {
    public DrillResult {
        Objects.requireNonNull(drill, "drill");
        parameters = Map.copyOf(parameters);
        traffic = Map.copyOf(traffic);
        Objects.requireNonNull(invariants, "invariants");
        recovery = List.copyOf(recovery);
        timeline = List.copyOf(timeline);
        completionTimes = List.copyOf(completionTimes);
    }

    public boolean passed() {
        return invariants.passed();
    }

    public int exitCode() {
        return passed() ? 0 : 1;
    }

    /** The machine-readable last line. */
    public String resultLine() {
        return String.format(Locale.ROOT,
                "RESULT drill=%s executions=%d kills=%d lost=%d regressions=%d reruns_after_checkpoint=%d "
                        + "duplicate_executions=%d verdict=%s",
                drill, executions, kills, invariants.count(InvariantReport.LOST),
                invariants.count(InvariantReport.REGRESSIONS), invariants.count(InvariantReport.RERUNS),
                invariants.count(InvariantReport.DUPLICATES), invariants.verdict());
    }
}
