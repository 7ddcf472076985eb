package dev.durablehooks.durable.operation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic operation ids: lowercase hex SHA-256 of {@code prefix + counter}, where the prefix is
 * empty at the root and {@code <parent context id> + "-"} inside a child context. This matches the
 * official Java SDK, so histories are wire-compatible.
 */
public final class OperationIds {
    /**
     * Cloned for each id: {@link MessageDigest#getInstance} looks the provider up every time (OperationIdsBenchmark:
     * 161 ns an id with it, 126 cloning).
     */
    private static final MessageDigest SHA_256 = sha256();
    private static final HexFormat HEX = HexFormat.of();
    /** {@code ALLOWED[c]} for each ASCII character {@code c} of the id alphabet; never written after class init. */
    private static final boolean[] ALLOWED = alphabet();

    private OperationIds() {
    }

    /** The id of the {@code counter}-th (1-based) operation in the context whose own id is {@code parentId} (null at the root). */
    public static String of(String parentId, int counter) {
        if (counter < 1) {
            throw new IllegalArgumentException("counter is 1-based, was " + counter);
        }
        String raw = parentId == null ? Integer.toString(counter) : parentId + "-" + counter;
        return sha256Hex(raw);
    }

    public static String sha256Hex(String raw) {
        return HEX.formatHex(newDigest().digest(raw.getBytes(StandardCharsets.UTF_8)));
    }

    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("operation id must match [a-zA-Z0-9_-]{1,64}, was " + id);
        }
        return id;
    }

    /**
     * True for 1..64 characters of {@code [a-zA-Z0-9_-]}. One table load per character rather than five comparisons:
     * in a hex id, digit or letter is a coin toss for the branch predictor (OperationIdsBenchmark: ~225 ns an id with the
     * comparisons, ~25 with the table). This runs for every operation constructed, copies included.
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= ALLOWED.length || !ALLOWED[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] alphabet() {
        boolean[] allowed = new boolean[128];
        for (char c = 0; c < allowed.length; c++) {
            allowed[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        return allowed;
    }

    private static MessageDigest newDigest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256(); // a provider whose digests cannot be cloned
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
