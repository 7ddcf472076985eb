package dev.durablehooks.durable.retry;

/** Decides what happens after attempt {@code attempt} (1-based) of a step failed with {@code error}. */
@FunctionalInterface
public interface RetryStrategy {
    RetryDecision decide(Throwable error, int attempt);
}
