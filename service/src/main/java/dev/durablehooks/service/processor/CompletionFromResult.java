package dev.durablehooks.service.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.service.intake.StartReconciler;
import dev.durablehooks.service.store.PendingStart;
import dev.durablehooks.service.store.StatusUpdate;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Rebuilds a COMPLETED status from a succeeded execution's {@link WebhookProcessor.Completion}. */
public final class CompletionFromResult implements StartReconciler.CompletionRebuilder {
    private final WebhookProcessor processor;
    private final ObjectMapper mapper;

    public CompletionFromResult(WebhookProcessor processor, ObjectMapper mapper) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public Optional<StatusUpdate> rebuild(PendingStart record, String executionResultJson) {
        if (executionResultJson == null || executionResultJson.isEmpty()) {
            return Optional.empty();
        }
        try {
            WebhookProcessor.Completion completion = mapper.readValue(executionResultJson, WebhookProcessor.Completion.class);
            if (completion.processedAt() == null || completion.completedAt() == null) {
                return Optional.empty();
            }
            JsonNode payload = mapper.readTree(record.payloadJson());
            JsonNode result = processor.result(record.token(), payload, Instant.parse(completion.processedAt()));
            return Optional.of(StatusUpdate.completed(WebhookProcessor.FINALIZE, result.toString(), completion.completedAt()));
        } catch (JsonProcessingException | DateTimeException e) {
            return Optional.empty();
        }
    }
}
