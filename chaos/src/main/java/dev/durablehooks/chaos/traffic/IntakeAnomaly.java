package dev.durablehooks.chaos.traffic;

import java.util.Objects;

/**
 * An intake answer that breaks the contract: a 5xx other than backpressure, a valid delivery refused, bad input
 * accepted, a same-body resend answered 409, or a keyed delivery still without an answer when the drill gave up.
 */
public record IntakeAnomaly(Kind kind, String deliveryId, int httpStatus, String detail, long atMillis) {
    public enum Kind { SERVER_ERROR, VALID_REJECTED, BAD_INPUT_ACCEPTED, WRONG_REJECTION, DEDUP_CONFLICT, UNANSWERED }

    public IntakeAnomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deliveryId, "deliveryId");
        detail = detail == null ? "" : detail;
    }
}
