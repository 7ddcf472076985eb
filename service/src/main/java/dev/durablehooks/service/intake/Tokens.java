package dev.durablehooks.service.intake;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Execution tokens: 12 hex digits of the accept time in epoch milliseconds, then 128 random bits from a CSPRNG in
 * base64url (34 characters). The random part makes a token unguessable; the time prefix makes tokens accepted
 * close together sort close together, so that the B-trees keyed by token (status records, durable executions,
 * their operations) grow at their right edge instead of dirtying a random page on every insert.
 */
public final class Tokens {
    /** What the contract promises a token looks like; anything else is refused before a lookup. */
    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public Tokens(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String next() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        String millis = HEX.toHexDigits(clock.millis());
        return millis.substring(4) + ENCODER.encodeToString(bits);
    }

    public static boolean wellFormed(String token) {
        return token != null && FORMAT.matcher(token).matches();
    }
}
