package dev.durablehooks.service.store;

/** One row of the operators' execution list. */
public record ExecutionSummary(String token, WebhookStatus status, String currentStep, long acceptedAtMillis,
                               long updatedAtMillis, String error) {
}
