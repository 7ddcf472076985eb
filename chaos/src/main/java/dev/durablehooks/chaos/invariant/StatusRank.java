package dev.durablehooks.chaos.invariant;

import java.util.Map;

/** The forward order of statuses: STARTED → VALIDATING → PROCESSING → COMPLETED | FAILED. */
final class StatusRank {
    private static final Map<String, Integer> RANKS =
            Map.of("STARTED", 0, "VALIDATING", 1, "PROCESSING", 2, "COMPLETED", 3, "FAILED", 3);

    private StatusRank() {
    }

    static boolean known(String status) {
        return status != null && RANKS.containsKey(status);
    }

    static int of(String status) {
        return RANKS.get(status);
    }

    static boolean terminal(String status) {
        return "COMPLETED".equals(status) || "FAILED".equals(status);
    }
}
