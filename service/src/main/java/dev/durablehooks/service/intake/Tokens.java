package dev.durablehooks.service.intake;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Execution tokens: 128 random bits from a CSPRNG, base64url without padding (22 characters). */
public final class Tokens {
    /** What the contract promises a token looks like; anything else is refused before a lookup. */
    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();

    public String next() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }

    public static boolean wellFormed(String token) {
        return token != null && FORMAT.matcher(token).matches();
    }
}
