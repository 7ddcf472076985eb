package dev.durablehooks.service.store;

/** What intake's one durable write decided for a delivery. */
public sealed interface AcceptOutcome {
    String token();

    /** A new STARTED record under a new token. */
    record Accepted(String token) implements AcceptOutcome {
    }

    /** The dedup key was seen before; {@code token} is the first delivery's. */
    record Duplicate(String token, boolean sameBody) implements AcceptOutcome {
    }
}
