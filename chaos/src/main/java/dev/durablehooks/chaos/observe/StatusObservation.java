package dev.durablehooks.chaos.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One answer of {@code GET /status/{token}} and when the drill received it. {@code httpStatus} 404 means the service
 * no longer (or never) knew the token; the other fields are then null/empty.
 */
public record StatusObservation(long atMillis, int httpStatus, String status, String currentStep, List<StepView> steps,
                                String error, JsonNode result, String completedAt, String updatedAt) {
    public StatusObservation {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static StatusObservation notFound(long atMillis) {
        return new StatusObservation(atMillis, 404, null, null, List.of(), null, null, null, null);
    }

    public boolean terminal() {
        return httpStatus == 200 && ("COMPLETED".equals(status) || "FAILED".equals(status));
    }

    public Optional<StepView> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
