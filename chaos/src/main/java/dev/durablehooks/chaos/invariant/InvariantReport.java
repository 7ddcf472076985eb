package dev.durablehooks.chaos.invariant;

import java.util.ArrayList;
import java.util.List;

/**
 * The invariant table of one drill. The four counters of the RESULT line are read from it by id; any violated row,
 * including drill-specific checks added with {@link #with}, makes the verdict FAIL.
 */
public record InvariantReport(List<InvariantOutcome> outcomes) {
    public static final String LOST = "lost";
    public static final String REGRESSIONS = "regressions";
    public static final String RERUNS = "reruns_after_checkpoint";
    public static final String DUPLICATES = "duplicate_executions";
    public static final String OUTCOMES = "outcomes";
    public static final String INTAKE = "intake";

    public InvariantReport {
        outcomes = List.copyOf(outcomes);
    }

    public InvariantReport with(InvariantOutcome extra) {
        List<InvariantOutcome> all = new ArrayList<>(outcomes);
        all.add(extra);
        return new InvariantReport(all);
    }

    public int count(String id) {
        return outcomes.stream().filter(o -> o.id().equals(id)).mapToInt(InvariantOutcome::violations).sum();
    }

    public boolean passed() {
        return outcomes.stream().allMatch(InvariantOutcome::holds);
    }

    public String verdict() {
        return passed() ? "PASS" : "FAIL";
    }
}
