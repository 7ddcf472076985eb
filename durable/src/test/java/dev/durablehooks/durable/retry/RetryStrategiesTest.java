package dev.durablehooks.durable.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class RetryStrategiesTest {
    static final RuntimeException ERROR = new RuntimeException("x");

    static Duration delay(RetryStrategy strategy, int attempt) {
        return assertInstanceOf(RetryDecision.Retry.class, strategy.decide(ERROR, attempt)).delay();
    }

    @Test
    void exponentialBackoffDoublesFromTheInitialDelayUpToTheCap() {
        RetryStrategy strategy = RetryStrategies.exponentialBackoff(10, Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0,
                JitterStrategy.NONE);

        assertEquals(Duration.ofSeconds(5), delay(strategy, 1));
        assertEquals(Duration.ofSeconds(10), delay(strategy, 2));
        assertEquals(Duration.ofSeconds(40), delay(strategy, 4));
        assertEquals(Duration.ofSeconds(60), delay(strategy, 5));
    }

    @Test
    void fullJitterScalesTheDelayByTheRandomDrawButNeverBelowOneSecond() {
        RetryStrategy half = RetryStrategies.exponentialBackoff(6, Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0,
                JitterStrategy.FULL, () -> 0.5);
        RetryStrategy zero = RetryStrategies.exponentialBackoff(6, Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0,
                JitterStrategy.FULL, () -> 0.0);

        assertEquals(Duration.ofSeconds(5), delay(half, 2));
        assertEquals(Duration.ofSeconds(1), delay(zero, 3));
    }

    @Test
    void theDefaultGivesUpAtTheSixthAttempt() {
        assertInstanceOf(RetryDecision.Retry.class, RetryStrategies.Presets.DEFAULT.decide(ERROR, 5));
        assertInstanceOf(RetryDecision.Fail.class, RetryStrategies.Presets.DEFAULT.decide(ERROR, 6));
    }

    @Test
    void linearPresetAddsOneSecondPerAttemptUpToFive() {
        assertEquals(Duration.ofSeconds(1), delay(RetryStrategies.Presets.LINEAR, 1));
        assertEquals(Duration.ofSeconds(3), delay(RetryStrategies.Presets.LINEAR, 3));
        assertEquals(Duration.ofSeconds(5), delay(RetryStrategies.Presets.LINEAR, 5));
    }

    @Test
    void fixedDelayRetriesWithTheSameDelayUntilMaxAttempts() {
        RetryStrategy strategy = RetryStrategies.fixedDelay(3, Duration.ofSeconds(4));

        assertEquals(Duration.ofSeconds(4), delay(strategy, 1));
        assertEquals(Duration.ofSeconds(4), delay(strategy, 2));
        assertInstanceOf(RetryDecision.Fail.class, strategy.decide(ERROR, 3));
    }

    @Test
    void noRetryAlwaysFails() {
        assertInstanceOf(RetryDecision.Fail.class, RetryStrategies.Presets.NO_RETRY.decide(ERROR, 1));
    }
}
