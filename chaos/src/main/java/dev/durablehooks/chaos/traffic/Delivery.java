package dev.durablehooks.chaos.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One webhook delivery as a sender would make it: the exact body, how it is signed, its dedup key (null for an
 * unkeyed delivery), whether its signature is deliberately wrong, and what a fault-free service does with it.
 * Resending the same Delivery (same key, same body) is a duplicate.
 */
public record Delivery(String id, String body, JsonNode payload, SignatureScheme scheme, String dedupKey,
                       boolean badSignature, Expectation expectation) {
    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(expectation, "expectation");
        if (scheme == SignatureScheme.STANDARD && dedupKey == null) {
            throw new IllegalArgumentException("a Standard Webhooks delivery always carries webhook-id");
        }
    }

    public boolean keyed() {
        return dedupKey != null;
    }
}
