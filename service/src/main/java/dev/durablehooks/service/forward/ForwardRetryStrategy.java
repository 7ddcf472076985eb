package dev.durablehooks.service.forward;

import dev.durablehooks.durable.retry.JitterStrategy;
import dev.durablehooks.durable.retry.RetryDecision;
import dev.durablehooks.durable.retry.RetryStrategies;
import dev.durablehooks.durable.retry.RetryStrategy;

import java.time.Duration;
import java.util.Objects;

/**
 * The process step's retry strategy: exponential backoff from the FORWARD_* settings, never shorter than the
 * downstream's {@code Retry-After}, and no retry at all for a {@link ForwardFailedException}.
 */
public final class ForwardRetryStrategy implements RetryStrategy {
    private final RetryStrategy backoff;

    public ForwardRetryStrategy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
        this(RetryStrategies.exponentialBackoff(maxAttempts, initialDelay, maxDelay, 2.0, JitterStrategy.HALF));
    }

    ForwardRetryStrategy(RetryStrategy backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    @Override
    public RetryDecision decide(Throwable error, int attempt) {
        if (error instanceof ForwardFailedException) {
            return RetryDecision.fail();
        }
        RetryDecision decision = backoff.decide(error, attempt);
        if (decision instanceof RetryDecision.Retry retry && error instanceof ForwardRetryableException forward) {
            Duration atLeast = forward.retryAfter().orElse(Duration.ZERO);
            if (atLeast.compareTo(retry.delay()) > 0) {
                return RetryDecision.retry(atLeast);
            }
        }
        return decision;
    }
}
