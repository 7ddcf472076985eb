package dev.durablehooks.service.store;

import java.util.Objects;

/**
 * The latest redrive of a webhook: how many there were, the durable execution now running it and that
 * execution's input (kept so that a redrive interrupted before its start can be started by reconciliation).
 */
public record Redrive(String token, int count, String executionName, String inputJson) {
    public Redrive {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(executionName, "executionName");
        Objects.requireNonNull(inputJson, "inputJson");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
    }

    /** The execution name of redrive number {@code count} of {@code token}. */
    public static String executionName(String token, int count) {
        return token + "-r" + count;
    }
}
