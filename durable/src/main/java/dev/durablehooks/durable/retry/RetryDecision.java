package dev.durablehooks.durable.retry;

import java.time.Duration;
import java.util.Objects;

/** Retry after a delay, or give up. */
public sealed interface RetryDecision {
    record Retry(Duration delay) implements RetryDecision {
        public Retry {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
        }
    }

    record Fail() implements RetryDecision {
    }

    static RetryDecision retry(Duration delay) {
        return new Retry(delay);
    }

    static RetryDecision fail() {
        return new Fail();
    }
}
