package dev.durablehooks.contract.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

/** Contract checks shared by many tests; each returns what the next step of a test needs. */
public final class Checks {

    public static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private Checks() {
    }

    /** A first delivery: 202, the seed's body (no duplicate flag), a well-formed token. Returns the token. */
    public static String accepted(ApiResponse r) {
        assertEquals(202, r.status(), () -> "expected 202 for " + r);
        ResponseSchemas.ACCEPTED.assertValid(r.json());
        assertFalse(r.duplicate(), () -> "a first delivery is not a duplicate: " + r);
        String token = r.token();
        assertTrue(TOKEN.matcher(token).matches(), () -> "token format: " + token);
        return token;
    }

    /** A redelivery: 202 with the same token as the first one and {@code "duplicate": true}. */
    public static void duplicateOf(String firstToken, ApiResponse r) {
        assertEquals(202, r.status(), () -> "expected 202 for a duplicate: " + r);
        ResponseSchemas.ACCEPTED.assertValid(r.json());
        assertEquals(firstToken, r.token(), () -> "a duplicate must get the first delivery's token: " + r);
        assertTrue(r.duplicate(), () -> "a duplicate must say \"duplicate\": true: " + r);
    }

    /** An error answer: the status, the error schema. Returns the error text. */
    public static String rejected(int status, ApiResponse r) {
        assertEquals(status, r.status(), () -> "expected " + status + " for " + r);
        ResponseSchemas.ERROR.assertValid(r.json());
        return r.error();
    }

    /** An error answer that stored nothing, so it can carry no token. */
    public static String rejectedWithoutToken(int status, ApiResponse r) {
        String error = rejected(status, r);
        assertFalse(r.json().has("executionToken"), () -> "a rejected delivery has no execution: " + r);
        return error;
    }
}
