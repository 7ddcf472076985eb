package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.operation.ErrorObject;

import java.util.Objects;

/** What the handler returns: SUCCEEDED with a JSON result, FAILED with an error, or PENDING. */
public record InvocationOutput(InvocationStatus status, String result, ErrorObject error) {
    public InvocationOutput {
        Objects.requireNonNull(status, "status");
        if (status == InvocationStatus.FAILED && error == null) {
            throw new IllegalArgumentException("FAILED needs an error");
        }
    }

    public static InvocationOutput succeeded(String resultJson) {
        return new InvocationOutput(InvocationStatus.SUCCEEDED, resultJson, null);
    }

    public static InvocationOutput failed(ErrorObject error) {
        return new InvocationOutput(InvocationStatus.FAILED, null, error);
    }

    public static InvocationOutput pending() {
        return new InvocationOutput(InvocationStatus.PENDING, null, null);
    }
}
