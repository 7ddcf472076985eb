package dev.durablehooks.service.signature;

import static dev.durablehooks.service.signature.SignatureResult.GITHUB;
import static dev.durablehooks.service.signature.SignatureResult.STANDARD_WEBHOOKS;
import static dev.durablehooks.service.signature.SignatureResult.STRIPE;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a webhook's HMAC-SHA256 signature over the raw body, in whichever of three schemes the sender used:
 * Standard Webhooks (also Svix), GitHub, or Stripe. Several secrets may be configured (rotation); a request passes
 * when any one of them produced any one of the signatures it carries.
 *
 * <p>The scheme is chosen by the signature header present, in this order: {@code webhook-signature},
 * {@code X-Hub-Signature-256}, {@code Stripe-Signature}. Bad header content of any kind yields a failed result,
 * never an exception. Thread-safe.
 */
public final class SignatureVerifier {

    /** Longer signature-related headers are refused before any parsing (legitimate ones are well under 1 KiB). */
    static final int MAX_HEADER_LENGTH = 4096;

    static final String WEBHOOK_ID = "webhook-id";
    static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    static final String WEBHOOK_SIGNATURE = "webhook-signature";
    static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
    static final String STRIPE_SIGNATURE = "Stripe-Signature";

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final String WHSEC_PREFIX = "whsec_";
    private static final String GITHUB_PREFIX = "sha256=";
    /** Unix seconds fit in 18 digits with room to subtract without overflow. */
    private static final int MAX_TIMESTAMP_DIGITS = 18;

    private final List<Secret> secrets;
    private final Clock clock;
    private final long toleranceSeconds;

    /**
     * @param secrets   the configured secrets, in any order; an empty list disables verification
     * @param clock     source of "now" for the timestamp tolerance
     * @param tolerance how far a signed timestamp may be from now, in either direction (whole seconds count)
     */
    public SignatureVerifier(List<String> secrets, Clock clock, Duration tolerance) {
        Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
        }
        this.toleranceSeconds = tolerance.toSeconds();
        List<Secret> keys = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("secret #" + (i + 1) + " is empty");
            }
            keys.add(Secret.of(secret));
        }
        this.secrets = List.copyOf(keys);
    }

    /** Whether any secret is configured; when not, {@link #verify} lets every request through. */
    public boolean enabled() {
        return !secrets.isEmpty();
    }

    /**
     * @param header  case-insensitive header lookup, returning {@code null} for an absent header
     * @param rawBody the body exactly as received
     */
    public SignatureResult verify(Function<String, String> header, byte[] rawBody) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(rawBody, "rawBody");
        if (!enabled()) {
            return SignatureResult.notRequired();
        }
        String standard = header.apply(WEBHOOK_SIGNATURE);
        if (standard != null) {
            return verifyStandardWebhooks(header, standard, rawBody);
        }
        String github = header.apply(GITHUB_SIGNATURE);
        if (github != null) {
            return verifyGitHub(github, rawBody);
        }
        String stripe = header.apply(STRIPE_SIGNATURE);
        if (stripe != null) {
            return verifyStripe(stripe, rawBody);
        }
        return SignatureResult.failed(null, "missing signature header: expected " + WEBHOOK_SIGNATURE + ", "
                + GITHUB_SIGNATURE + " or " + STRIPE_SIGNATURE);
    }

    // Standard Webhooks: base64(HMAC(key, "{id}.{timestamp}.{body}")), header "v1,<sig> v1,<sig> ...".
    private SignatureResult verifyStandardWebhooks(Function<String, String> header, String signatureHeader,
            byte[] body) {
        String id = header.apply(WEBHOOK_ID);
        String timestamp = header.apply(WEBHOOK_TIMESTAMP);
        if (id == null) {
            return missing(STANDARD_WEBHOOKS, WEBHOOK_ID);
        }
        if (timestamp == null) {
            return missing(STANDARD_WEBHOOKS, WEBHOOK_TIMESTAMP);
        }
        for (String[] named : new String[][] {{WEBHOOK_ID, id}, {WEBHOOK_TIMESTAMP, timestamp},
                {WEBHOOK_SIGNATURE, signatureHeader}}) {
            String problem = sizeProblem(named[1]);
            if (problem != null) {
                return malformed(STANDARD_WEBHOOKS, named[0], problem);
            }
        }
        id = id.strip();
        timestamp = timestamp.strip();
        if (id.isEmpty()) {
            return malformed(STANDARD_WEBHOOKS, WEBHOOK_ID, "empty");
        }
        OptionalLong seconds = unixSeconds(timestamp);
        if (seconds.isEmpty()) {
            return malformed(STANDARD_WEBHOOKS, WEBHOOK_TIMESTAMP, "not a whole number of Unix seconds");
        }

        List<byte[]> candidates = new ArrayList<>();
        boolean sawV1 = false;
        for (String entry : signatureHeader.strip().split(" ")) {
            int comma = entry.indexOf(',');
            // Other versions (such as the asymmetric "v1a") and stray tokens are skipped, as the scheme prescribes.
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            sawV1 = true;
            byte[] decoded = decodeBase64(entry.substring(comma + 1));
            if (decoded != null) {
                candidates.add(decoded);
            }
        }
        if (!sawV1) {
            return malformed(STANDARD_WEBHOOKS, WEBHOOK_SIGNATURE, "no v1 signature");
        }
        if (candidates.isEmpty()) {
            return malformed(STANDARD_WEBHOOKS, WEBHOOK_SIGNATURE, "v1 signature is not valid base64");
        }
        String stale = toleranceProblem(WEBHOOK_TIMESTAMP, seconds.getAsLong());
        if (stale != null) {
            return SignatureResult.failed(STANDARD_WEBHOOKS, stale);
        }
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        for (Secret secret : secrets) {
            if (matchesAny(hmac(secret.standardWebhooksKey(), prefix, body), candidates)) {
                return SignatureResult.passed(STANDARD_WEBHOOKS);
            }
        }
        return noMatch(STANDARD_WEBHOOKS, WEBHOOK_SIGNATURE);
    }

    // GitHub: "sha256=" + hex(HMAC(secret, body)); no timestamp.
    private SignatureResult verifyGitHub(String signatureHeader, byte[] body) {
        String problem = sizeProblem(signatureHeader);
        if (problem != null) {
            return malformed(GITHUB, GITHUB_SIGNATURE, problem);
        }
        String value = signatureHeader.strip();
        byte[] candidate = value.startsWith(GITHUB_PREFIX) ? decodeHex(value.substring(GITHUB_PREFIX.length())) : null;
        if (candidate == null || candidate.length != 32) {
            return malformed(GITHUB, GITHUB_SIGNATURE, "expected sha256=<64 hex digits>");
        }
        for (Secret secret : secrets) {
            if (MessageDigest.isEqual(hmac(secret.literalKey(), new byte[0], body), candidate)) {
                return SignatureResult.passed(GITHUB);
            }
        }
        return noMatch(GITHUB, GITHUB_SIGNATURE);
    }

    // Stripe: "t=<unix s>,v1=<hex>[,v1=<hex>...]", hex(HMAC(secret as written, "{t}.{body}")).
    private SignatureResult verifyStripe(String signatureHeader, byte[] body) {
        String problem = sizeProblem(signatureHeader);
        if (problem != null) {
            return malformed(STRIPE, STRIPE_SIGNATURE, problem);
        }
        String timestamp = null;
        boolean sawV1 = false;
        List<byte[]> candidates = new ArrayList<>();
        for (String item : signatureHeader.split(",")) {
            String pair = item.strip();
            int equals = pair.indexOf('=');
            if (equals < 0) {
                return malformed(STRIPE, STRIPE_SIGNATURE, "expected comma-separated key=value pairs");
            }
            String key = pair.substring(0, equals);
            String value = pair.substring(equals + 1);
            if (key.equals("t")) {
                if (timestamp != null) {
                    return malformed(STRIPE, STRIPE_SIGNATURE, "more than one t= timestamp");
                }
                timestamp = value;
            } else if (key.equals("v1")) {
                sawV1 = true;
                byte[] decoded = decodeHex(value);
                if (decoded != null) {
                    candidates.add(decoded);
                }
            }
            // Other keys (Stripe's test-mode "v0", future versions) are not ours to check.
        }
        if (timestamp == null) {
            return malformed(STRIPE, STRIPE_SIGNATURE, "no t= timestamp");
        }
        OptionalLong seconds = unixSeconds(timestamp);
        if (seconds.isEmpty()) {
            return malformed(STRIPE, STRIPE_SIGNATURE, "t= is not a whole number of Unix seconds");
        }
        if (!sawV1) {
            return malformed(STRIPE, STRIPE_SIGNATURE, "no v1 signature");
        }
        if (candidates.isEmpty()) {
            return malformed(STRIPE, STRIPE_SIGNATURE, "v1 signature is not hex");
        }
        String stale = toleranceProblem(STRIPE_SIGNATURE + " t=", seconds.getAsLong());
        if (stale != null) {
            return SignatureResult.failed(STRIPE, stale);
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        for (Secret secret : secrets) {
            if (matchesAny(hmac(secret.literalKey(), prefix, body), candidates)) {
                return SignatureResult.passed(STRIPE);
            }
        }
        return noMatch(STRIPE, STRIPE_SIGNATURE);
    }

    private String toleranceProblem(String what, long signedAt) {
        long now = clock.instant().getEpochSecond();
        if (signedAt < now - toleranceSeconds) {
            return "timestamp outside tolerance: " + what + " is more than " + toleranceSeconds + " s in the past";
        }
        if (signedAt > now + toleranceSeconds) {
            return "timestamp outside tolerance: " + what + " is more than " + toleranceSeconds + " s in the future";
        }
        return null;
    }

    private static boolean matchesAny(byte[] expected, List<byte[]> candidates) {
        boolean matched = false;
        for (byte[] candidate : candidates) {
            matched |= MessageDigest.isEqual(expected, candidate);
        }
        return matched;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(key);
            mac.update(prefix);
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
        }
    }

    private static String sizeProblem(String value) {
        return value.length() > MAX_HEADER_LENGTH ? "longer than " + MAX_HEADER_LENGTH + " characters" : null;
    }

    private static OptionalLong unixSeconds(String text) {
        if (text.isEmpty() || text.length() > MAX_TIMESTAMP_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(text));
    }

    private static byte[] decodeBase64(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] decodeHex(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SignatureResult missing(String scheme, String headerName) {
        return SignatureResult.failed(scheme, "missing " + headerName + " header");
    }

    private static SignatureResult malformed(String scheme, String headerName, String problem) {
        return SignatureResult.failed(scheme, "malformed " + headerName + " header: " + problem);
    }

    private static SignatureResult noMatch(String scheme, String headerName) {
        return SignatureResult.failed(scheme,
                "no signature matched: " + headerName + " was not made from this body with a configured secret");
    }

    /**
     * One configured secret as the two kinds of HMAC key it can stand for: Standard Webhooks decodes a
     * {@code whsec_<base64>} secret to its key bytes, while GitHub and Stripe use the secret string as written
     * (Stripe's own secrets start with {@code whsec_} too, and are not decoded).
     */
    private record Secret(SecretKeySpec standardWebhooksKey, SecretKeySpec literalKey) {

        static Secret of(String secret) {
            byte[] literal = secret.getBytes(StandardCharsets.UTF_8);
            byte[] standard = literal;
            if (secret.startsWith(WHSEC_PREFIX)) {
                byte[] decoded = decodeBase64(secret.substring(WHSEC_PREFIX.length()));
                // A whsec_ secret whose rest is not base64 is not a Standard Webhooks secret; like any other
                // secret it is then used as its UTF-8 bytes.
                if (decoded != null && decoded.length > 0) {
                    standard = decoded;
                }
            }
            return new Secret(new SecretKeySpec(standard, HMAC_SHA256), new SecretKeySpec(literal, HMAC_SHA256));
        }
    }
}
