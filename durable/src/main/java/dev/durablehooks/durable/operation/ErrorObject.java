package dev.durablehooks.durable.operation;

import java.util.List;

/** The wire error object; every field is optional. */
public record ErrorObject(String errorType, String errorMessage, String errorData, List<String> stackTrace) {
    public ErrorObject {
        stackTrace = stackTrace == null ? null : List.copyOf(stackTrace);
    }

    public static ErrorObject of(String errorType, String errorMessage) {
        return new ErrorObject(errorType, errorMessage, null, null);
    }
}
