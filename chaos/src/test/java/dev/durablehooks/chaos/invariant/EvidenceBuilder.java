package dev.durablehooks.chaos.invariant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.chaos.downstream.ForwardRecord;
import dev.durablehooks.chaos.observe.StatusObservation;
import dev.durablehooks.chaos.observe.StepView;
import dev.durablehooks.chaos.process.CrashEvent;
import dev.durablehooks.chaos.traffic.Acceptance;
import dev.durablehooks.chaos.traffic.Expectation;
import dev.durablehooks.chaos.traffic.IntakeAnomaly;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic drill observations, built the way a fault-free or a broken service would produce them. */
final class EvidenceBuilder {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long T0 = 1_764_000_000_000L;

    private final List<Acceptance> acceptances = new ArrayList<>();
    private final Map<String, List<StatusObservation>> observations = new LinkedHashMap<>();
    private final List<ForwardRecord> forwards = new ArrayList<>();
    private final List<CrashEvent> crashes = new ArrayList<>();
    private final List<IntakeAnomaly> anomalies = new ArrayList<>();
    private final List<Long> processStarts = new ArrayList<>(List.of(T0 - 5_000));
    private boolean downstream = true;

    static ObjectNode orderPayload(String id) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "order");
        payload.put("orderId", id);
        payload.putObject("data").put("amount", 5);
        return payload;
    }

    static ObjectNode invalidPayload() {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("note", "no type");
        return payload;
    }

    EvidenceBuilder accepted(String token, String key, Expectation expectation, long at) {
        acceptances.add(new Acceptance("d-" + token, key, token, expectation, T0 + at, false));
        observations.putIfAbsent(token, new ArrayList<>());
        return this;
    }

    EvidenceBuilder seen(String token, StatusObservation observation) {
        observations.computeIfAbsent(token, t -> new ArrayList<>()).add(observation);
        return this;
    }

    EvidenceBuilder forward(String token, int attempt, long at, int status) {
        forwards.add(new ForwardRecord(token, attempt, T0 + at, status));
        return this;
    }

    /** A forward whose URL named the service process (1-based run) that sent it. */
    EvidenceBuilder forwardFrom(int process, String token, int attempt, long at, int status) {
        forwards.add(new ForwardRecord(token, attempt, T0 + at, status, process));
        return this;
    }

    EvidenceBuilder crash(CrashEvent crash) {
        crashes.add(crash);
        return this;
    }

    /** A new service process was spawned at {@code at} (after a crash or stop). */
    EvidenceBuilder restarted(long at) {
        processStarts.add(T0 + at);
        return this;
    }

    EvidenceBuilder anomaly(IntakeAnomaly anomaly) {
        anomalies.add(anomaly);
        return this;
    }

    EvidenceBuilder withoutDownstream() {
        downstream = false;
        return this;
    }

    /** A valid order that ran validate/process/finalize cleanly, forwarded once at +150 ms. */
    EvidenceBuilder completedOrder(String token, String key) {
        ObjectNode payload = orderPayload("o-" + token);
        accepted(token, key, Expectation.completed("order", payload), 0);
        seen(token, status(100, "STARTED", "unknown", List.of()));
        seen(token, status(140, "PROCESSING", "process", List.of(step("validate", "SUCCEEDED", 1, 110, 120),
                step("process", "STARTED", 1, 130, -1))));
        forward(token, 1, 150, 200);
        seen(token, completed(400, token, payload, 200));
        return this;
    }

    EvidenceBuilder failedValidation(String token, String key) {
        ObjectNode payload = invalidPayload();
        accepted(token, key, Expectation.failedValidation("Payload must include a \"type\" field", payload), 0);
        seen(token, status(100, "VALIDATING", "validate", List.of(step("validate", "STARTED", 1, 90, -1))));
        seen(token, new StatusObservation(T0 + 300, 200, "FAILED", "validate",
                List.of(step("validate", "FAILED", 1, 90, 120)),
                "Validation failed: Payload must include a \"type\" field", null, null, iso(120)));
        return this;
    }

    Evidence build() {
        return new Evidence(acceptances, observations, downstream, forwards, crashes, processStarts, anomalies);
    }

    static StatusObservation status(long at, String status, String currentStep, List<StepView> steps) {
        return new StatusObservation(T0 + at, 200, status, currentStep, steps, null, null, null, iso(at));
    }

    /** COMPLETED with the result a fault-free service computes; the process step ended at {@code processEnd}. */
    static StatusObservation completed(long at, String token, ObjectNode payload, long processEnd) {
        ObjectNode result = JSON.createObjectNode();
        result.put("executionToken", token);
        result.put("status", "processed");
        result.set("originalPayload", payload);
        result.put("businessResult", "Processed webhook of type: " + payload.get("type").asText());
        JsonNode data = payload.get("data");
        if (data == null) {
            result.putNull("dataTransformed");
        } else {
            result.put("dataTransformed", data.toString().toUpperCase(java.util.Locale.ROOT));
        }
        result.put("processedAt", iso(processEnd));
        return new StatusObservation(T0 + at, 200, "COMPLETED", "finalize",
                List.of(step("validate", "SUCCEEDED", 1, 110, 120), step("process", "SUCCEEDED", 1, 130, processEnd),
                        step("finalize", "SUCCEEDED", 1, processEnd + 10, processEnd + 20)),
                null, result, iso(processEnd + 20), iso(processEnd + 20));
    }

    static StepView step(String name, String status, int attempts, long start, long end) {
        return new StepView(name, status, attempts, iso(start), end < 0 ? null : iso(end), null);
    }

    static String iso(long offset) {
        return Instant.ofEpochMilli(T0 + offset).toString();
    }
}
