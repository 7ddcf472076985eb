package dev.durablehooks.chaos.traffic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a raw body the way each sender scheme does (see the HTTP contract, "Signatures"). */
public record Signer(String secret) {
    public Signer {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("empty secret");
        }
    }

    /** Headers carrying the signature (not the dedup key, except {@code webhook-id} which is part of what is signed). */
    public Map<String, String> headers(SignatureScheme scheme, String id, String body, long unixSeconds, boolean corrupt) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (scheme) {
            case STANDARD -> {
                byte[] key = secret.startsWith("whsec_")
                        ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                        : secret.getBytes(StandardCharsets.UTF_8);
                String signed = id + "." + unixSeconds + "." + body;
                headers.put("webhook-timestamp", Long.toString(unixSeconds));
                headers.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(mangle(hmac(key, signed), corrupt)));
            }
            case GITHUB -> headers.put("X-Hub-Signature-256",
                    "sha256=" + HexFormat.of().formatHex(mangle(hmac(literalKey(), body), corrupt)));
            case STRIPE -> headers.put("Stripe-Signature", "t=" + unixSeconds + ",v1="
                    + HexFormat.of().formatHex(mangle(hmac(literalKey(), unixSeconds + "." + body), corrupt)));
            case NONE -> {
            }
        }
        return headers;
    }

    private byte[] literalKey() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mangle(byte[] mac, boolean corrupt) {
        if (corrupt) {
            mac[0] ^= 0x5a;
        }
        return mac;
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
