package dev.durablehooks.service.signature;

import java.util.Set;

/**
 * Outcome of checking one request's signature.
 *
 * @param verified whether the request may proceed
 * @param scheme   {@code "standard-webhooks"}, {@code "github"}, {@code "stripe"}, or {@code null} when no scheme could
 *                 be chosen (no signature header) or verification is disabled
 * @param failure  when not verified: which check failed, fit to show to the sender (it never contains an expected
 *                 signature); {@code null} when verified
 */
public record SignatureResult(boolean verified, String scheme, String failure) {

    public static final String STANDARD_WEBHOOKS = "standard-webhooks";
    public static final String GITHUB = "github";
    public static final String STRIPE = "stripe";

    private static final Set<String> SCHEMES = Set.of(STANDARD_WEBHOOKS, GITHUB, STRIPE);

    public SignatureResult {
        if (scheme != null && !SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unknown signature scheme: " + scheme);
        }
        if (verified && failure != null) {
            throw new IllegalArgumentException("a verified result carries no failure");
        }
        if (!verified && (failure == null || failure.isBlank())) {
            throw new IllegalArgumentException("a failed result must say which check failed");
        }
    }

    /** The result when no secret is configured: nothing to check, every request passes. */
    static SignatureResult notRequired() {
        return new SignatureResult(true, null, null);
    }

    static SignatureResult passed(String scheme) {
        return new SignatureResult(true, scheme, null);
    }

    static SignatureResult failed(String scheme, String failure) {
        return new SignatureResult(false, scheme, failure);
    }
}
