package dev.durablehooks.service.store;

import java.util.Objects;

/**
 * One stored status record (the seed's table: token, status, currentStep, timestamp, payload, result, error,
 * completedAt, ttl; plus updatedAt).
 *
 * @param acceptedAtMillis the seed's {@code timestamp}: accept time in epoch milliseconds
 * @param payloadJson      the original payload, compact JSON text
 * @param resultJson       the process step's result, JSON text, once COMPLETED
 * @param ttlEpochSeconds  after this the record no longer exists for readers
 */
public record StatusRecord(String token, WebhookStatus status, String currentStep, long acceptedAtMillis,
                           String payloadJson, String resultJson, String error, String completedAt,
                           long updatedAtMillis, long ttlEpochSeconds) {
    public StatusRecord {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(currentStep, "currentStep");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
