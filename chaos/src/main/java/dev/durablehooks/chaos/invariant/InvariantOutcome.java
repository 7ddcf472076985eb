package dev.durablehooks.chaos.invariant;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one invariant: how it was measured, how many violations were found (with a few examples), or that
 * it could not be measured in this drill (for example the downstream journal against a remote deployment).
 */
public record InvariantOutcome(String id, String title, String method, boolean measured, int violations,
                               List<String> examples) {
    public static final int MAX_EXAMPLES = 20;

    public InvariantOutcome {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(method, "method");
        if (violations < 0) {
            throw new IllegalArgumentException("violations < 0");
        }
        examples = List.copyOf(examples.size() > MAX_EXAMPLES ? examples.subList(0, MAX_EXAMPLES) : examples);
    }

    public static InvariantOutcome of(String id, String title, String method, List<String> violations) {
        return new InvariantOutcome(id, title, method, true, violations.size(), violations);
    }

    public static InvariantOutcome notMeasured(String id, String title, String why) {
        return new InvariantOutcome(id, title, why, false, 0, List.of());
    }

    public boolean holds() {
        return violations == 0;
    }
}
