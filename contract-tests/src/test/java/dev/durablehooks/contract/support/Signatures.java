package dev.durablehooks.contract.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The three signature schemes of the contract, written from the schemes' own specifications (not from the service):
 * all HMAC-SHA256.
 *
 * <ul>
 *   <li>Standard Webhooks: over {@code {webhook-id}.{webhook-timestamp}.{body}}, base64, header
 *       {@code webhook-signature: v1,<sig>[ v1,<sig>...]}; a secret {@code whsec_<base64>} means the decoded bytes</li>
 *   <li>GitHub: over the raw body, {@code X-Hub-Signature-256: sha256=<hex>}; the secret string as is</li>
 *   <li>Stripe: over {@code {t}.{body}}, {@code Stripe-Signature: t=<unix s>,v1=<hex>}; the secret string as is</li>
 * </ul>
 */
public final class Signatures {

    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";
    public static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
    public static final String GITHUB_DELIVERY = "X-GitHub-Delivery";
    public static final String STRIPE_SIGNATURE = "Stripe-Signature";

    private static final String WHSEC = "whsec_";

    private Signatures() {
    }

    /** The Standard Webhooks key for a configured secret: {@code whsec_} + base64 is decoded, anything else is UTF-8. */
    public static byte[] standardWebhooksKey(String secret) {
        return secret.startsWith(WHSEC) ? Base64.getDecoder().decode(secret.substring(WHSEC.length()))
                : utf8(secret);
    }

    /** {@code v1,<base64 signature>} for one message. */
    public static String standardWebhooksSignature(byte[] key, String id, long timestampSeconds, byte[] body) {
        byte[] prefix = utf8(id + "." + timestampSeconds + ".");
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, concat(prefix, body)));
    }

    public static String gitHubSignature(byte[] key, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(key, body));
    }

    public static String stripeV1(byte[] key, long timestampSeconds, byte[] body) {
        return HexFormat.of().formatHex(hmac(key, concat(utf8(timestampSeconds + "."), body)));
    }

    /** Signs with Standard Webhooks, keeping a {@code webhook-id} the delivery already has (a redelivery). */
    public static Delivery signStandardWebhooks(Delivery d, String secret, Instant at) {
        String id = d.header(WEBHOOK_ID).orElseGet(() -> "msg_" + UUID.randomUUID().toString().replace("-", ""));
        long ts = at.getEpochSecond();
        return d.withHeader(WEBHOOK_ID, id)
                .withHeader(WEBHOOK_TIMESTAMP, Long.toString(ts))
                .withHeader(WEBHOOK_SIGNATURE, standardWebhooksSignature(standardWebhooksKey(secret), id, ts, d.body()));
    }

    public static Delivery signGitHub(Delivery d, String secret) {
        return d.withHeader(GITHUB_SIGNATURE, gitHubSignature(utf8(secret), d.body()));
    }

    public static Delivery signStripe(Delivery d, String secret, Instant at) {
        long t = at.getEpochSecond();
        return d.withHeader(STRIPE_SIGNATURE, "t=" + t + ",v1=" + stripeV1(utf8(secret), t, d.body()));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
