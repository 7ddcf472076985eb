package dev.durablehooks.chaos.report;

import dev.durablehooks.chaos.observe.StatusObservation;
import dev.durablehooks.chaos.observe.StepView;
import dev.durablehooks.chaos.process.Restart;
import dev.durablehooks.chaos.traffic.Acceptance;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Measures recovery from the service's own timestamps (steps[].startedAt/endedAt, updatedAt, completedAt, all on the
 * same machine clock as the drill) and the drill's restart records.
 */
public final class RecoveryAnalysis {
    private RecoveryAnalysis() {
    }

    /** When each token became terminal: completedAt, else updatedAt, else its last step's end, else first seen so. */
    public static Map<String, Long> terminalTimes(Map<String, List<StatusObservation>> observations) {
        Map<String, Long> times = new HashMap<>();
        observations.forEach((token, seen) -> {
            if (seen.isEmpty() || !seen.get(seen.size() - 1).terminal()) {
                return;
            }
            StatusObservation last = seen.get(seen.size() - 1);
            OptionalLong at = parse(last.completedAt());
            if (at.isEmpty()) {
                at = parse(last.updatedAt());
            }
            if (at.isEmpty()) {
                at = last.steps().stream().map(s -> parse(s.endedAt())).filter(OptionalLong::isPresent)
                        .mapToLong(OptionalLong::getAsLong).max();
            }
            if (at.isEmpty()) {
                at = seen.stream().filter(StatusObservation::terminal).mapToLong(StatusObservation::atMillis).min();
            }
            at.ifPresent(t -> times.put(token, t));
        });
        return times;
    }

    public static List<RecoveryMeasurement> measure(List<Restart> restarts, List<Acceptance> acceptances,
                                                     Map<String, List<StatusObservation>> observations) {
        Map<String, Long> terminal = terminalTimes(observations);
        Map<String, Long> acceptedAt = new HashMap<>();
        for (Acceptance a : acceptances) {
            acceptedAt.merge(a.token(), a.ackAtMillis(), Math::min);
        }
        List<RecoveryMeasurement> measurements = new ArrayList<>();
        for (int i = 0; i < restarts.size(); i++) {
            Restart restart = restarts.get(i);
            if (!restart.afterCrash()) {
                continue;
            }
            long nextCrash = i + 1 < restarts.size() && restarts.get(i + 1).afterCrash()
                    ? restarts.get(i + 1).crashAtMillis() : Long.MAX_VALUE;
            long crash = restart.crashAtMillis();
            long spawn = restart.spawnedAtMillis();
            List<String> inFlight = new ArrayList<>();
            acceptedAt.forEach((token, at) -> {
                Long done = terminal.get(token);
                if (at < crash && (done == null || done > crash)) {
                    inFlight.add(token);
                }
            });
            long firstStep = Long.MAX_VALUE;
            long lastTerminal = 0;
            boolean allDone = !inFlight.isEmpty();
            for (String token : inFlight) {
                List<StatusObservation> seen = observations.getOrDefault(token, List.of());
                if (!seen.isEmpty()) {
                    StatusObservation last = seen.get(seen.size() - 1);
                    for (StepView step : last.steps()) {
                        firstStep = Math.min(firstStep, after(spawn, parse(step.startedAt())));
                        firstStep = Math.min(firstStep, after(spawn, parse(step.endedAt())));
                    }
                    firstStep = Math.min(firstStep, after(spawn, parse(last.updatedAt())));
                }
                Long done = terminal.get(token);
                if (done == null || done > nextCrash) {
                    allDone = false;
                } else {
                    lastTerminal = Math.max(lastTerminal, done);
                }
            }
            measurements.add(new RecoveryMeasurement(restart.run(), crash, spawn, inFlight.size(),
                    restart.listeningAtMillis() > 0 ? restart.listeningAtMillis() - spawn : -1,
                    firstStep == Long.MAX_VALUE || firstStep > nextCrash ? -1 : firstStep - spawn,
                    allDone ? Math.max(0, lastTerminal - spawn) : -1));
        }
        return measurements;
    }

    private static long after(long spawn, OptionalLong at) {
        return at.isPresent() && at.getAsLong() >= spawn ? at.getAsLong() : Long.MAX_VALUE;
    }

    static OptionalLong parse(String iso) {
        if (iso == null || iso.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Instant.parse(iso).toEpochMilli());
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
