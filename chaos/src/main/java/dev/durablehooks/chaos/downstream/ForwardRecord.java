package dev.durablehooks.chaos.downstream;

import java.util.Objects;

/**
 * One request the downstream received from the process step: the token ({@code Idempotency-Key}), the step's attempt
 * ({@code X-Webhook-Attempt}), when the downstream logged it, what it answered (0 = no answer was written), and which
 * service process sent it (1-based run number, from the per-run FORWARD_URL path; 0 = unknown).
 */
public record ForwardRecord(String token, int attempt, long receivedAtMillis, int responseStatus, int process) {
    public ForwardRecord {
        Objects.requireNonNull(token, "token");
        if (process < 0) {
            throw new IllegalArgumentException("process < 0");
        }
    }

    public ForwardRecord(String token, int attempt, long receivedAtMillis, int responseStatus) {
        this(token, attempt, receivedAtMillis, responseStatus, 0);
    }

    /** The downstream accepted it: the side effect happened and the service was told so. */
    public boolean succeeded() {
        return responseStatus >= 200 && responseStatus < 300;
    }
}
