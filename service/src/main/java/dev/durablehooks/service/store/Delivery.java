package dev.durablehooks.service.store;

import java.util.Objects;

/**
 * A delivery that passed intake's checks, ready to be stored.
 *
 * @param dedupKey    null when the sender gave no dedup header
 * @param bodySha256  digest of the raw body, to tell a true duplicate from a reused key
 * @param payloadJson compact JSON text of the payload
 */
public record Delivery(String token, String dedupKey, byte[] bodySha256, String payloadJson) {
    public Delivery {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(bodySha256, "bodySha256");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
