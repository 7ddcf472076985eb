package dev.durablehooks.service.store;

/** A record not yet in a terminal status, for the pass that keeps records and executions in step. */
public record PendingStart(String token, long acceptedAtMillis, String payloadJson, WebhookStatus status,
                           String currentStep) {
}
