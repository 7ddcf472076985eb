package dev.durablehooks.service.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.durable.local.DurableExecutions;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.service.http.Errors;
import dev.durablehooks.service.http.JsonResponse;
import dev.durablehooks.service.intake.Tokens;
import dev.durablehooks.service.processor.WebhookInput;
import dev.durablehooks.service.processor.WebhookProcessor;
import dev.durablehooks.service.store.Redrive;
import dev.durablehooks.service.store.StatusRecord;
import dev.durablehooks.service.store.WebhookStatus;
import dev.durablehooks.service.store.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /executions/{token}/redrive}: resumes a FAILED webhook from its last successful checkpoint. A durable
 * execution that has failed is final, so the redrive is a new execution ({@code <token>-r<n>}) whose input carries
 * what earlier executions checkpointed (validate passed, process's time): those steps are not run again.
 */
public final class RedriveService {
    private static final Logger log = LoggerFactory.getLogger(RedriveService.class);

    private final WebhookStore store;
    private final DurableExecutions executions;
    private final ExecutionHistory history;
    private final ObjectMapper mapper;
    private final Errors errors;

    public RedriveService(WebhookStore store, DurableExecutions executions, ObjectMapper mapper) {
        this.store = Objects.requireNonNull(store, "store");
        this.executions = Objects.requireNonNull(executions, "executions");
        this.history = new ExecutionHistory(store, executions);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.errors = new Errors(mapper);
    }

    public JsonResponse redrive(String token) {
        if (!Tokens.wellFormed(token)) {
            return errors.of(400, "Invalid executionToken format: expected 16 to 64 characters of [A-Za-z0-9_-]");
        }
        Optional<StatusRecord> found = store.find(token);
        if (found.isEmpty()) {
            return errors.of(404, "Execution token not found", token);
        }
        StatusRecord record = found.get();
        if (record.status() != WebhookStatus.FAILED) {
            return errors.of(409, "Only a FAILED execution can be redriven; this one is " + record.status(), token);
        }
        boolean validated = false;
        String processedAt = null;
        for (List<Operation> steps : history.steps(token)) {
            for (Operation op : steps) {
                if (op.status() != OperationStatus.SUCCEEDED) {
                    continue;
                }
                if (WebhookProcessor.VALIDATE.equals(op.name())) {
                    validated = true;
                } else if (WebhookProcessor.PROCESS.equals(op.name()) && op.stepDetails() != null) {
                    processedAt = stringResult(op.stepDetails().result());
                }
            }
        }
        int count = store.redrive(token).map(r -> r.count() + 1).orElse(1);
        String name = Redrive.executionName(token, count);
        String input = WebhookInput.redriveJson(token, record.payloadJson(), validated, processedAt);
        WebhookStatus resumeAt = validated ? WebhookStatus.PROCESSING : WebhookStatus.VALIDATING;
        String step = !validated ? WebhookProcessor.VALIDATE
                : processedAt == null ? WebhookProcessor.PROCESS : WebhookProcessor.FINALIZE;
        if (!store.reopen(new Redrive(token, count, name, input), resumeAt, step).join()) {
            return errors.of(409, "The execution is no longer FAILED (redriven concurrently?)", token);
        }
        try {
            executions.start(name, input);
        } catch (RuntimeException e) {
            // The redrive is recorded; reconciliation starts its execution.
            log.error("Could not start redrive {} now: {}", name, e.toString());
            return errors.of(503, "The redrive was recorded but could not be started now; it will be started shortly",
                    token, Map.of("Retry-After", "30"));
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("message", "Execution redriven");
        body.put("executionToken", token);
        body.put("redrive", count);
        body.put("resumesAt", step);
        return new JsonResponse(202, body, Map.of("Location", "/status/" + token));
    }

    private String stringResult(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, String.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
