package dev.durablehooks.chaos.invariant;

import dev.durablehooks.chaos.downstream.ForwardRecord;
import dev.durablehooks.chaos.observe.StatusObservation;
import dev.durablehooks.chaos.process.CrashEvent;
import dev.durablehooks.chaos.traffic.Acceptance;
import dev.durablehooks.chaos.traffic.IntakeAnomaly;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a drill observed, and nothing it concluded: the 202s it received, every status answer per token in
 * arrival order (the last one is the final read after the drain), the downstream's request journal (when the drill
 * ran the downstream), the crashes it caused or saw, and intake answers that broke the contract.
 */
public record Evidence(List<Acceptance> acceptances,
                       Map<String, List<StatusObservation>> observations,
                       boolean downstreamObserved,
                       List<ForwardRecord> forwards,
                       List<CrashEvent> crashes,
                       List<Long> processStarts,
                       List<IntakeAnomaly> intakeAnomalies) {
    public Evidence {
        acceptances = List.copyOf(acceptances);
        Map<String, List<StatusObservation>> copy = new LinkedHashMap<>();
        observations.forEach((token, list) -> copy.put(token, List.copyOf(list)));
        observations = java.util.Collections.unmodifiableMap(copy);
        forwards = List.copyOf(forwards);
        crashes = List.copyOf(crashes);
        processStarts = processStarts.stream().sorted().toList();
        intakeAnomalies = List.copyOf(intakeAnomalies);
    }
}
