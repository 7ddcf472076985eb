package dev.durablehooks.load.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery the Standard Webhooks way: HMAC-SHA256 over {@code {id}.{timestamp}.{body}}, base64, sent as
 * {@code webhook-signature: v1,<signature>}. A secret written {@code whsec_<base64>} is the base64-decoded key, any
 * other secret is used as its UTF-8 bytes. With a comma-separated list (rotation), the first secret signs.
 */
public final class StandardWebhooksSigner {

    private static final String PREFIX = "whsec_";

    private final SecretKeySpec key;

    public StandardWebhooksSigner(String secret) {
        Objects.requireNonNull(secret, "secret");
        String first = secret.split(",")[0].trim();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("The webhook secret is empty");
        }
        byte[] keyBytes = first.startsWith(PREFIX)
                ? Base64.getDecoder().decode(first.substring(PREFIX.length()))
                : first.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
    }

    /** The {@code webhook-signature} header value for one delivery. */
    public String signature(String webhookId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((webhookId + "." + timestampSeconds + "." + body)
                    .getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
