package dev.durablehooks.service.forward;

import java.time.Duration;
import java.util.Optional;

/** The forward may succeed later: 408, 429, 5xx, a timeout or a connection error. */
public class ForwardRetryableException extends RuntimeException {
    private final transient Duration retryAfter;

    /** Needed to rebuild the error from its checkpoint on replay. */
    public ForwardRetryableException(String message) {
        this(message, null);
    }

    public ForwardRetryableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The downstream's {@code Retry-After}, if it sent one in seconds. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
