package dev.durablehooks.durable.client;

/**
 * An error answered by the durable-execution service. {@code errorCode} is the service's code
 * (e.g. {@code InvalidParameterValueException}); {@code statusCode} the HTTP status.
 */
public class DurableServiceException extends RuntimeException {
    private final String errorCode;
    private final int statusCode;

    public DurableServiceException(String errorCode, int statusCode, String message) {
        super(message);
        this.errorCode = errorCode;
        this.statusCode = statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public int statusCode() {
        return statusCode;
    }

    /** True when the invocation should be abandoned and retried rather than the execution failed. */
    public boolean retryable() {
        if (errorCode != null && errorCode.startsWith("KMS")) {
            return false;
        }
        if (statusCode == 429 || statusCode >= 500 || statusCode == 0) {
            return true;
        }
        String message = getMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).startsWith("invalid checkpoint token");
    }
}
