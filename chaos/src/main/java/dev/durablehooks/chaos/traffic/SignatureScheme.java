package dev.durablehooks.chaos.traffic;

/** How a delivery is signed, which also decides the header its dedup key travels in. */
public enum SignatureScheme {
    /** Standard Webhooks (Svix): key in {@code webhook-id}. */
    STANDARD("webhook-id"),
    /** GitHub: key in {@code X-GitHub-Delivery}. */
    GITHUB("X-GitHub-Delivery"),
    /** Stripe: no id header of its own, key in {@code Idempotency-Key}. */
    STRIPE("Idempotency-Key"),
    /** Unsigned (only when the service has no secret): key in {@code Idempotency-Key}. */
    NONE("Idempotency-Key");

    private final String keyHeader;

    SignatureScheme(String keyHeader) {
        this.keyHeader = keyHeader;
    }

    public String keyHeader() {
        return keyHeader;
    }
}
