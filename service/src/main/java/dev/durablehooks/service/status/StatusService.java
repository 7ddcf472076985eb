package dev.durablehooks.service.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.durable.local.DurableExecutions;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.StepDetails;
import dev.durablehooks.service.http.Errors;
import dev.durablehooks.service.http.JsonResponse;
import dev.durablehooks.service.intake.Tokens;
import dev.durablehooks.service.store.StatusRecord;
import dev.durablehooks.service.store.WebhookStatus;
import dev.durablehooks.service.store.WebhookStore;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code GET /status/{token}} as a plain function: the status record (seed fields first) and the step history. */
public final class StatusService {
    private final WebhookStore store;
    private final DurableExecutions executions;
    private final ObjectMapper mapper;
    private final Errors errors;

    public StatusService(WebhookStore store, DurableExecutions executions, ObjectMapper mapper) {
        this.store = Objects.requireNonNull(store, "store");
        this.executions = Objects.requireNonNull(executions, "executions");
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
        body.set("steps", steps(executions.operations(token)));
        return new JsonResponse(200, body);
    }

    private ArrayNode steps(List<Operation> operations) {
        ArrayNode steps = mapper.createArrayNode();
        for (Operation op : operations) {
            if (op.type() != OperationType.STEP) {
                continue;
            }
            StepDetails details = op.stepDetails();
            int attempts = details == null ? 0 : details.attempt();
            if (op.status() == OperationStatus.STARTED) {
                attempts++; // the attempt in progress
            }
            ObjectNode step = steps.addObject();
            step.put("name", op.name());
            step.put("status", op.status().name());
            step.put("attempts", Math.max(attempts, 1));
            putTime(step, "startedAt", op.startTimestamp());
            putTime(step, "endedAt", op.endTimestamp());
            if (details != null && details.error() != null) {
                step.put("error", details.error().errorMessage());
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
