package dev.durablehooks.service.store;

import java.util.Objects;

/** A status change written by a processor step; null fields leave the stored value as it is. */
public record StatusUpdate(WebhookStatus status, String currentStep, String resultJson, String error, String completedAt) {
    public StatusUpdate {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(currentStep, "currentStep");
    }

    public static StatusUpdate entering(WebhookStatus status, String step) {
        return new StatusUpdate(status, step, null, null, null);
    }

    public static StatusUpdate failed(String step, String error) {
        return new StatusUpdate(WebhookStatus.FAILED, step, null, error, null);
    }

    public static StatusUpdate completed(String step, String resultJson, String completedAt) {
        return new StatusUpdate(WebhookStatus.COMPLETED, step, resultJson, null, completedAt);
    }
}
