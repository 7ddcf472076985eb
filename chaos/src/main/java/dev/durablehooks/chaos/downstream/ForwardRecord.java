package dev.durablehooks.chaos.downstream;

import java.util.Objects;

/**
 * One request the downstream received from the process step: the token ({@code Idempotency-Key}), the step's attempt
 * ({@code X-Webhook-Attempt}), when it arrived and what the downstream answered (0 = no answer was written).
 */
public record ForwardRecord(String token, int attempt, long receivedAtMillis, int responseStatus) {
    public ForwardRecord {
        Objects.requireNonNull(token, "token");
    }

    /** The downstream accepted it: the side effect happened and the service was told so. */
    public boolean succeeded() {
        return responseStatus >= 200 && responseStatus < 300;
    }
}
