package dev.durablehooks.chaos.invariant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.chaos.downstream.ForwardRecord;
import dev.durablehooks.chaos.observe.StatusObservation;
import dev.durablehooks.chaos.observe.StepView;
import dev.durablehooks.chaos.process.CrashEvent;
import dev.durablehooks.chaos.traffic.Acceptance;
import dev.durablehooks.chaos.traffic.Expectation;
import dev.durablehooks.chaos.traffic.IntakeAnomaly;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a drill's {@link Evidence} into the invariant table of ARCHITECTURE.md. Pure: no I/O, no clock; the same
 * evidence always gives the same report, which is what lets its unit tests feed it synthetic breakages.
 *
 * @param forwardExpected whether the service was configured with a FORWARD_URL that the drill observed, so every
 *                        completed execution must have reached the downstream at least once
 */
public record InvariantChecker(boolean forwardExpected) {

    private static final List<String> STEPS = List.of("validate", "process", "finalize");
    private static final ObjectMapper JSON = new ObjectMapper();

    public InvariantReport check(Evidence evidence) {
        Map<String, Acceptance> byToken = new LinkedHashMap<>();
        for (Acceptance a : evidence.acceptances()) {
            byToken.putIfAbsent(a.token(), a);
        }
        List<InvariantOutcome> rows = new ArrayList<>();
        rows.add(lost(evidence, byToken));
        rows.add(regressions(evidence, byToken));
        rows.add(reruns(evidence, byToken));
        rows.add(duplicates(evidence));
        rows.add(outcomes(evidence, byToken));
        rows.add(intake(evidence));
        rows.add(unexpectedExits(evidence));
        return new InvariantReport(rows);
    }

    // 1. Every 202 token reaches a terminal status, and its record never disappears.
    private InvariantOutcome lost(Evidence evidence, Map<String, Acceptance> byToken) {
        List<String> violations = new ArrayList<>();
        for (String token : byToken.keySet()) {
            List<StatusObservation> seen = evidence.observations().getOrDefault(token, List.of());
            if (seen.isEmpty()) {
                violations.add(token + ": accepted but never readable");
                continue;
            }
            StatusObservation last = seen.get(seen.size() - 1);
            if (seen.stream().anyMatch(o -> o.httpStatus() == 404)) {
                violations.add(token + ": answered 404 after its 202");
            } else if (!last.terminal()) {
                violations.add(token + ": still " + last.status() + " (step " + last.currentStep() + ") at the end");
            }
        }
        return InvariantOutcome.of(InvariantReport.LOST, "No accepted webhook is lost",
                "every 202 token must end COMPLETED or FAILED and never answer 404 (final read after the drain)",
                violations);
    }

    // 2. Statuses, step states and attempt counters only move forward.
    private InvariantOutcome regressions(Evidence evidence, Map<String, Acceptance> byToken) {
        List<String> violations = new ArrayList<>();
        for (String token : byToken.keySet()) {
            String previous = null;
            Map<String, StepView> steps = new HashMap<>();
            for (StatusObservation o : evidence.observations().getOrDefault(token, List.of())) {
                if (o.httpStatus() != 200 || !StatusRank.known(o.status())) {
                    continue;
                }
                if (previous != null) {
                    boolean backwards = StatusRank.of(o.status()) < StatusRank.of(previous);
                    boolean leftTerminal = StatusRank.terminal(previous) && !previous.equals(o.status());
                    if (backwards || leftTerminal) {
                        violations.add(token + ": status " + previous + " -> " + o.status());
                    }
                }
                previous = o.status();
                for (Map.Entry<String, StepView> known : steps.entrySet()) {
                    Optional<StepView> now = o.step(known.getKey());
                    StepView before = known.getValue();
                    if (now.isEmpty()) {
                        violations.add(token + ": step " + before.name() + " vanished from the history");
                    } else if (before.finished() && !before.status().equals(now.get().status())) {
                        violations.add(token + ": step " + before.name() + " " + before.status() + " -> "
                                + now.get().status());
                    } else if (now.get().attempts() < before.attempts()) {
                        violations.add(token + ": step " + before.name() + " attempts " + before.attempts() + " -> "
                                + now.get().attempts());
                    }
                }
                for (StepView s : o.steps()) {
                    steps.put(s.name(), s);
                }
            }
        }
        if (evidence.downstreamObserved()) {
            forwardsByToken(evidence).forEach((token, forwards) -> {
                if (!byToken.containsKey(token)) {
                    return;
                }
                for (int i = 1; i < forwards.size(); i++) {
                    if (forwards.get(i).attempt() < forwards.get(i - 1).attempt()) {
                        violations.add(token + ": X-Webhook-Attempt " + forwards.get(i - 1).attempt() + " -> "
                                + forwards.get(i).attempt());
                    }
                }
            });
        }
        return InvariantOutcome.of(InvariantReport.REGRESSIONS, "A status never moves backwards",
                "every status answer polled during the drill, in order: status rank, finished steps, step attempts; "
                        + "and X-Webhook-Attempt per token at the downstream", violations);
    }

    /*
     * 3. A step whose checkpoint was written is never run again. The observable side effect is the process step's
     * forward, so per token, with its forwards in arrival order:
     *  (a) no forward may arrive after the process checkpoint is known to exist, unless the process that sent it was
     *      gone by then (the downstream logged a dead process's request late). It is known to exist at the earliest
     *      of: the step's endedAt once the history shows it SUCCEEDED; the time the drill first read it SUCCEEDED, or
     *      read currentStep=finalize or status COMPLETED; the time of a CHAOS halt on this token at
     *      process/after-checkpoint or anywhere in finalize.
     *  (b) a forward after one the downstream answered 2xx (the side effect had happened) must either come from a
     *      later service process than that one (a process spawn lies between the two; the old process ended by
     *      kill -9, halt, exit or a graceful stop): only the step in flight when the process ended may run again;
     *      or carry a higher X-Webhook-Attempt: the service saw that attempt fail (its answer came after the forward
     *      timeout) and its retry strategy moved on, which is a retry, not a replay. The sending process is read
     *      from the forward's URL (each run gets its own FORWARD_URL path), not from times: under load the
     *      downstream logs a dying process's requests seconds after the kill.
     * A forward after a non-2xx answer is a retry of the step's own retry strategy, and is allowed.
     */
    private InvariantOutcome reruns(Evidence evidence, Map<String, Acceptance> byToken) {
        String title = "A checkpointed step is never run again";
        if (!evidence.downstreamObserved()) {
            return InvariantOutcome.notMeasured(InvariantReport.RERUNS, title,
                    "not measured: the drill did not run the downstream, so it has no request journal");
        }
        List<String> violations = new ArrayList<>();
        List<Long> spawns = evidence.processStarts();
        forwardsByToken(evidence).forEach((token, forwards) -> {
            if (!byToken.containsKey(token)) {
                return;
            }
            OptionalLong checkpointAt = processCheckpointKnownAt(token, evidence);
            for (int i = 0; i < forwards.size(); i++) {
                ForwardRecord f = forwards.get(i);
                int process = processOf(f, spawns);
                boolean senderDeadAtCheckpoint = checkpointAt.isPresent()
                        && endOf(process, spawns) <= checkpointAt.getAsLong();
                if (checkpointAt.isPresent() && f.receivedAtMillis() > checkpointAt.getAsLong() && !senderDeadAtCheckpoint) {
                    violations.add(token + ": forward attempt " + f.attempt() + " at " + at(f.receivedAtMillis())
                            + " (process " + process + ") arrived " + (f.receivedAtMillis() - checkpointAt.getAsLong())
                            + " ms after the process checkpoint was known to exist (" + at(checkpointAt.getAsLong()) + ")");
                } else if (i > 0 && forwards.get(i - 1).succeeded() && f.attempt() <= forwards.get(i - 1).attempt()
                        && processOf(forwards.get(i - 1), spawns) == process) {
                    violations.add(token + ": forward attempt " + f.attempt() + " at " + at(f.receivedAtMillis())
                            + " repeated a side effect the downstream had accepted at "
                            + at(forwards.get(i - 1).receivedAtMillis()) + " (attempt " + forwards.get(i - 1).attempt()
                            + "), from the same service process " + process);
                }
            }
        });
        return InvariantOutcome.of(InvariantReport.RERUNS, title,
                "downstream journal per token (Idempotency-Key, X-Webhook-Attempt) against the process checkpoint "
                        + "time (steps[].endedAt, polling, CHAOS halt lines) and the crash times", violations);
    }

    static OptionalLong processCheckpointKnownAt(String token, Evidence evidence) {
        long best = Long.MAX_VALUE;
        for (StatusObservation o : evidence.observations().getOrDefault(token, List.of())) {
            if (o.httpStatus() != 200) {
                continue;
            }
            Optional<StepView> process = o.step("process");
            if (process.isPresent() && process.get().status().equals("SUCCEEDED")) {
                best = Math.min(best, o.atMillis());
                OptionalLong ended = parseInstant(process.get().endedAt());
                if (ended.isPresent()) {
                    best = Math.min(best, ended.getAsLong());
                }
            }
            if ("COMPLETED".equals(o.status()) || "finalize".equals(o.currentStep())) {
                best = Math.min(best, o.atMillis());
            }
        }
        for (CrashEvent c : evidence.crashes()) {
            boolean afterProcessCheckpoint = c.kind() == CrashEvent.Kind.HALT && token.equals(c.token())
                    && (("process".equals(c.step()) && "after-checkpoint".equals(c.phase())) || "finalize".equals(c.step()));
            if (afterProcessCheckpoint) {
                best = Math.min(best, c.atMillis());
            }
        }
        return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /**
     * The service process (1-based run) that sent a forward: named by the forward's URL when the drill gave each run
     * its own FORWARD_URL, else the last process spawned before the downstream logged it.
     */
    static int processOf(ForwardRecord f, List<Long> sortedSpawns) {
        if (f.process() > 0) {
            return f.process();
        }
        return (int) sortedSpawns.stream().filter(t -> t <= f.receivedAtMillis()).count();
    }

    /** When a process was gone for sure: the next one's spawn (the drill never runs two at once). */
    static long endOf(int process, List<Long> sortedSpawns) {
        return process >= 1 && process < sortedSpawns.size() ? sortedSpawns.get(process) : Long.MAX_VALUE;
    }

    // 4. One dedup key, one token.
    private InvariantOutcome duplicates(Evidence evidence) {
        Map<String, Set<String>> tokensByKey = new LinkedHashMap<>();
        for (Acceptance a : evidence.acceptances()) {
            if (a.dedupKey() != null) {
                tokensByKey.computeIfAbsent(a.dedupKey(), k -> new LinkedHashSet<>()).add(a.token());
            }
        }
        List<String> violations = new ArrayList<>();
        tokensByKey.forEach((key, tokens) -> {
            for (int extra = 1; extra < tokens.size(); extra++) {
                violations.add("dedup key " + key + " -> " + tokens.size() + " tokens " + tokens);
            }
        });
        for (IntakeAnomaly anomaly : evidence.intakeAnomalies()) {
            if (anomaly.kind() == IntakeAnomaly.Kind.DEDUP_CONFLICT) {
                violations.add(anomaly.deliveryId() + ": same key and same body answered " + anomaly.httpStatus()
                        + " " + anomaly.detail());
            }
        }
        return InvariantOutcome.of(InvariantReport.DUPLICATES, "Same dedup key, same token",
                "every 202 per dedup key (resends after kills, later duplicates, racing duplicates) must carry one token",
                violations);
    }

    // 5. The outcome equals a fault-free run's, computed from the payload class sent.
    private InvariantOutcome outcomes(Evidence evidence, Map<String, Acceptance> byToken) {
        Map<String, List<ForwardRecord>> forwards = evidence.downstreamObserved() ? forwardsByToken(evidence) : Map.of();
        List<String> violations = new ArrayList<>();
        byToken.forEach((token, acceptance) -> {
            List<StatusObservation> seen = evidence.observations().getOrDefault(token, List.of());
            if (seen.isEmpty() || !seen.get(seen.size() - 1).terminal()) {
                return; // counted as lost
            }
            StatusObservation last = seen.get(seen.size() - 1);
            Expectation expected = acceptance.expectation();
            List<ForwardRecord> sent = forwards.getOrDefault(token, List.of());
            if (!expected.accepted()) {
                violations.add(token + ": accepted although " + expected.intakeStatus() + " was expected");
                return;
            }
            if (!expected.terminalStatus().equals(last.status())) {
                violations.add(token + ": ended " + last.status() + " (error " + last.error() + "), expected "
                        + expected.terminalStatus());
                return;
            }
            if (expected.outcome() == Expectation.Outcome.COMPLETED) {
                completedMismatches(token, expected, last).forEach(violations::add);
                if (evidence.downstreamObserved() && forwardExpected && sent.stream().noneMatch(ForwardRecord::succeeded)) {
                    violations.add(token + ": COMPLETED without a successful forward to the downstream");
                }
            } else {
                if (!expected.error().equals(last.error())) {
                    violations.add(token + ": error '" + last.error() + "', expected '" + expected.error() + "'");
                }
                if (!"validate".equals(last.currentStep())) {
                    violations.add(token + ": failed at step " + last.currentStep() + ", expected validate");
                }
                if (!sent.isEmpty()) {
                    violations.add(token + ": an invalid payload reached the downstream " + sent.size() + " time(s)");
                }
            }
        });
        return InvariantOutcome.of(InvariantReport.OUTCOMES, "Outcome equals a fault-free run",
                "final status, error text, result fields (businessResult, status, executionToken, originalPayload, "
                        + "dataTransformed), currentStep and step states against the payload class sent", violations);
    }

    private static List<String> completedMismatches(String token, Expectation expected, StatusObservation last) {
        List<String> problems = new ArrayList<>();
        JsonNode result = last.result();
        if (result == null || !result.isObject()) {
            problems.add(token + ": COMPLETED without a result object");
            return problems;
        }
        expectText(problems, token, result, "businessResult", expected.businessResult());
        expectText(problems, token, result, "status", "processed");
        expectText(problems, token, result, "executionToken", token);
        if (!expected.payload().equals(result.get("originalPayload"))) {
            problems.add(token + ": result.originalPayload differs from the payload sent");
        }
        String transformed = expectedDataTransformed(expected.payload());
        JsonNode actual = result.get("dataTransformed");
        boolean same = transformed == null ? actual == null || actual.isNull()
                : actual != null && transformed.equals(actual.asText());
        if (!same) {
            problems.add(token + ": result.dataTransformed " + actual + ", expected " + transformed);
        }
        if (!"finalize".equals(last.currentStep())) {
            problems.add(token + ": COMPLETED with currentStep " + last.currentStep());
        }
        for (String step : STEPS) {
            Optional<StepView> view = last.step(step);
            if (view.isEmpty() || !view.get().status().equals("SUCCEEDED")) {
                problems.add(token + ": COMPLETED but step " + step + " is "
                        + view.map(StepView::status).orElse("missing"));
            }
        }
        return problems;
    }

    private static void expectText(List<String> problems, String token, JsonNode result, String field, String want) {
        JsonNode got = result.get(field);
        if (got == null || !got.isTextual() || !got.asText().equals(want)) {
            problems.add(token + ": result." + field + " " + got + ", expected \"" + want + "\"");
        }
    }

    /** The seed's {@code data ? JSON.stringify(data).toUpperCase() : null}, for the plain data objects drills send. */
    static String expectedDataTransformed(JsonNode payload) {
        JsonNode data = payload.get("data");
        if (data == null || data.isNull() || data.isMissingNode()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(data).toUpperCase(Locale.ROOT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // 6. Bad input gets a clear 4xx; nothing else gets a 5xx.
    private InvariantOutcome intake(Evidence evidence) {
        List<String> violations = evidence.intakeAnomalies().stream()
                .filter(a -> a.kind() != IntakeAnomaly.Kind.DEDUP_CONFLICT)
                .map(a -> a.deliveryId() + ": " + a.kind() + " (HTTP " + a.httpStatus() + ") " + a.detail())
                .toList();
        return InvariantOutcome.of(InvariantReport.INTAKE, "Bad input gets a 4xx, nothing gets a 5xx",
                "every intake and status answer: no 5xx except 503 with Retry-After; valid deliveries 202; "
                        + "malformed or wrongly signed ones exactly the expected 4xx", violations);
    }

    private InvariantOutcome unexpectedExits(Evidence evidence) {
        List<String> violations = evidence.crashes().stream()
                .filter(c -> c.kind() == CrashEvent.Kind.UNEXPECTED_EXIT)
                .map(c -> "service exited on its own at " + Instant.ofEpochMilli(c.atMillis()))
                .toList();
        return InvariantOutcome.of("unexpected_exits", "The service dies only when the drill makes it",
                "process exits that were neither a kill -9 by the drill nor a CHAOS halt", violations);
    }

    private static Map<String, List<ForwardRecord>> forwardsByToken(Evidence evidence) {
        Map<String, List<ForwardRecord>> byToken = new LinkedHashMap<>();
        evidence.forwards().stream()
                .sorted(Comparator.comparingLong(ForwardRecord::receivedAtMillis))
                .forEach(f -> byToken.computeIfAbsent(f.token(), t -> new ArrayList<>()).add(f));
        return byToken;
    }

    private static String at(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    static OptionalLong parseInstant(String iso) {
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
