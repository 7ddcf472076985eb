package dev.durablehooks.chaos.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a fault-free service does with one delivery, derived from the payload class the drill sent: a valid payload
 * completes with a deterministic process result, a business-invalid one is accepted and then fails validation with
 * the seed's exact message, and malformed or wrongly signed input is rejected at intake with a 4xx.
 */
public record Expectation(Outcome outcome, int intakeStatus, String type, String error, JsonNode payload) {

    public enum Outcome { COMPLETED, FAILED, REJECTED }

    public Expectation {
        Objects.requireNonNull(outcome, "outcome");
        switch (outcome) {
            case COMPLETED -> {
                Objects.requireNonNull(type, "type");
                Objects.requireNonNull(payload, "payload");
            }
            case FAILED -> Objects.requireNonNull(error, "error");
            case REJECTED -> {
                if (intakeStatus < 400 || intakeStatus > 499) {
                    throw new IllegalArgumentException("a rejection is a 4xx, was " + intakeStatus);
                }
            }
        }
    }

    public static Expectation completed(String type, JsonNode payload) {
        return new Expectation(Outcome.COMPLETED, 202, type, null, payload);
    }

    public static Expectation failedValidation(String message, JsonNode payload) {
        return new Expectation(Outcome.FAILED, 202, null, "Validation failed: " + message, payload);
    }

    public static Expectation rejected(int httpStatus) {
        return new Expectation(Outcome.REJECTED, httpStatus, null, null, null);
    }

    public boolean accepted() {
        return outcome != Outcome.REJECTED;
    }

    public String terminalStatus() {
        return switch (outcome) {
            case COMPLETED -> "COMPLETED";
            case FAILED -> "FAILED";
            case REJECTED -> "none";
        };
    }

    public String businessResult() {
        return outcome == Outcome.COMPLETED ? "Processed webhook of type: " + type : null;
    }
}
