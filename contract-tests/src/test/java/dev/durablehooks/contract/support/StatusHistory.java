package dev.durablehooks.contract.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What polling saw of one execution: every status observed, in order (consecutive repeats collapsed), and the last
 * status body.
 */
public record StatusHistory(String token, List<String> observed, JsonNode last) {

    /** Position of each status in the one allowed progression; FAILED may follow any non-terminal status. */
    private static final Map<String, Integer> RANK =
            Map.of("STARTED", 0, "VALIDATING", 1, "PROCESSING", 2, "COMPLETED", 3, "FAILED", 3);

    public StatusHistory {
        observed = List.copyOf(observed);
    }

    public static boolean isTerminal(String status) {
        return "COMPLETED".equals(status) || "FAILED".equals(status);
    }

    public static boolean isKnown(String status) {
        return RANK.containsKey(status);
    }

    public String finalStatus() {
        return last.path("status").asText();
    }

    /** Fails when any observed status came after one that is later in the progression (or after a terminal one). */
    public void assertNeverRegressed() {
        for (int i = 1; i < observed.size(); i++) {
            String before = observed.get(i - 1);
            String after = observed.get(i);
            if (isTerminal(before) || RANK.get(after) < RANK.get(before)) {
                throw new AssertionError("status of " + token + " moved backwards: " + before + " -> " + after
                        + " (all seen: " + observed + ")");
            }
        }
    }

    public JsonNode step(String name) {
        for (JsonNode step : last.path("steps")) {
            if (name.equals(step.path("name").asText())) {
                return step;
            }
        }
        throw new AssertionError("no step '" + name + "' in the history of " + token + ": " + last.path("steps"));
    }
}
