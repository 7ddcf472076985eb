package dev.durablehooks.service.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.durable.local.DurableExecutions;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.StepDetails;
import dev.durablehooks.service.http.Errors;
import dev.durablehooks.service.http.JsonResponse;
import dev.durablehooks.service.intake.Tokens;
import dev.durablehooks.service.store.StatusRecord;
import dev.durablehooks.service.store.WebhookStatus;
import dev.durablehooks.service.store.WebhookStore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code GET /status/{token}} as a plain function: the status record (seed fields first) and the step history. */
public final class StatusService {
    private final WebhookStore store;
    private final ExecutionHistory history;
    private final ObjectMapper mapper;
    private final Errors errors;

    public StatusService(WebhookStore store, DurableExecutions executions, ObjectMapper mapper) {
        this.store = Objects.requireNonNull(store, "store");
        this.history = new ExecutionHistory(store, Objects.requireNonNull(executions, "executions"));
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.errors = new Errors(mapper);
    }

    /** @param token the path segment after {@code /status/}, possibly empty */
    public JsonResponse status(String token) {
        if (token == null || token.isEmpty()) {
            return errors.of(400, "Missing executionToken parameter");
        }
        if (!Tokens.wellFormed(token)) {
            return errors.of(400, "Invalid executionToken format: expected 16 to 64 characters of [A-Za-z0-9_-]");
        }
        Optional<StatusRecord> found = store.find(token);
        if (found.isEmpty()) {
            return errors.of(404, "Execution token not found", token);
        }
        StatusRecord record = found.get();
        ObjectNode body = mapper.createObjectNode();
        body.put("executionToken", record.token());
        body.put("status", record.status().name());
        body.put("timestamp", record.acceptedAtMillis());
        body.put("currentStep", record.currentStep());
        body.set("originalPayload", json(record.payloadJson()));
        if (record.status() == WebhookStatus.COMPLETED && record.resultJson() != null) {
            body.set("result", json(record.resultJson()));
        }
        if (record.completedAt() != null) {
            body.put("completedAt", record.completedAt());
        }
        if (record.status() == WebhookStatus.FAILED && record.error() != null) {
            body.put("error", record.error());
        }
        body.put("updatedAt", Instant.ofEpochMilli(record.updatedAtMillis()).toString());
        body.put("ttl", record.ttlEpochSeconds());
        body.set("steps", steps(history.steps(token)));
        return new JsonResponse(200, body);
    }

    /**
     * One entry per step. A step run by several executions (a redrive) shows its attempts summed, its first start,
     * and the status, end and error of its latest run.
     */
    private ArrayNode steps(List<List<Operation>> byExecution) {
        Map<String, ObjectNode> entries = new LinkedHashMap<>();
        for (List<Operation> operations : byExecution) {
            for (Operation op : operations) {
                StepDetails details = op.stepDetails();
                int attempts = details == null ? 0 : details.attempt();
                if (op.status() == OperationStatus.STARTED) {
                    attempts++; // the attempt in progress
                }
                ObjectNode step = entries.get(op.name());
                int earlier = 0;
                if (step == null) {
                    step = mapper.createObjectNode();
                    step.put("name", op.name());
                    entries.put(op.name(), step);
                    putTime(step, "startedAt", op.startTimestamp());
                } else {
                    earlier = step.get("attempts").asInt();
                }
                step.put("status", op.status().name());
                step.put("attempts", earlier + Math.max(attempts, 1));
                step.remove("endedAt");
                putTime(step, "endedAt", op.endTimestamp());
                step.remove("error");
                if (details != null && details.error() != null) {
                    step.put("error", details.error().errorMessage());
                }
            }
        }
        ArrayNode steps = mapper.createArrayNode();
        for (ObjectNode step : entries.values()) {
            // Keep the documented field order: name, status, attempts, startedAt, endedAt, error.
            ObjectNode ordered = steps.addObject();
            for (String field : List.of("name", "status", "attempts", "startedAt", "endedAt", "error")) {
                if (step.has(field)) {
                    ordered.set(field, step.get(field));
                }
            }
        }
        return steps;
    }

    private static void putTime(ObjectNode node, String field, Instant at) {
        if (at != null) {
            node.put(field, at.toString());
        }
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            // Only the service writes these columns, always as JSON; keep the text rather than fail the read.
            return mapper.getNodeFactory().textNode(text);
        }
    }
}
