package dev.durablehooks.durable.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The standard retry strategies. Delays are whole seconds, at least one, because the service schedules
 * retries in seconds. {@code maxAttempts} counts executions of the step: with 6, the 6th failure gives up.
 */
public final class RetryStrategies {
    private RetryStrategies() {
    }

    public static final class Presets {
        /** 6 attempts, 5 s initial, ×2, 60 s cap, full jitter. */
        public static final RetryStrategy DEFAULT =
                exponentialBackoff(6, Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, JitterStrategy.FULL);
        /** 6 attempts, 1 s initial, +1 s per attempt, 5 s cap, no jitter. */
        public static final RetryStrategy LINEAR =
                linearBackoff(6, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), JitterStrategy.NONE);
        /** Never retries. */
        public static final RetryStrategy NO_RETRY = (error, attempt) -> RetryDecision.fail();

        private Presets() {
        }
    }

    public static RetryStrategy exponentialBackoff(int maxAttempts, Duration initialDelay, Duration maxDelay,
                                                   double backoffRate, JitterStrategy jitter) {
        return exponentialBackoff(maxAttempts, initialDelay, maxDelay, backoffRate, jitter, RetryStrategies::uniform);
    }

    /** As above, with the random source given (for reproducible tests). */
    public static RetryStrategy exponentialBackoff(int maxAttempts, Duration initialDelay, Duration maxDelay,
                                                   double backoffRate, JitterStrategy jitter, DoubleSupplier random) {
        requireAttempts(maxAttempts);
        requirePositive(initialDelay, "initialDelay");
        requirePositive(maxDelay, "maxDelay");
        if (!(backoffRate >= 1.0)) {
            throw new IllegalArgumentException("backoffRate must be >= 1, was " + backoffRate);
        }
        double initial = seconds(initialDelay);
        double cap = seconds(maxDelay);
        return (error, attempt) -> {
            if (attempt >= maxAttempts) {
                return RetryDecision.fail();
            }
            double base = Math.min(initial * Math.pow(backoffRate, attempt - 1), cap);
            return RetryDecision.retry(wholeSeconds(applyJitter(base, jitter, random)));
        };
    }

    public static RetryStrategy linearBackoff(int maxAttempts, Duration initialDelay, Duration increment,
                                              Duration maxDelay, JitterStrategy jitter) {
        requireAttempts(maxAttempts);
        requirePositive(initialDelay, "initialDelay");
        requirePositive(maxDelay, "maxDelay");
        if (increment.isNegative()) {
            throw new IllegalArgumentException("increment must not be negative");
        }
        double initial = seconds(initialDelay);
        double step = seconds(increment);
        double cap = seconds(maxDelay);
        return (error, attempt) -> {
            if (attempt >= maxAttempts) {
                return RetryDecision.fail();
            }
            double base = Math.min(initial + step * (attempt - 1), cap);
            return RetryDecision.retry(wholeSeconds(applyJitter(base, jitter, RetryStrategies::uniform)));
        };
    }

    public static RetryStrategy fixedDelay(int maxAttempts, Duration delay) {
        requireAttempts(maxAttempts);
        requirePositive(delay, "delay");
        Duration whole = wholeSeconds(seconds(delay));
        return (error, attempt) -> attempt >= maxAttempts ? RetryDecision.fail() : RetryDecision.retry(whole);
    }

    static double applyJitter(double base, JitterStrategy jitter, DoubleSupplier random) {
        return switch (jitter) {
            case NONE -> base;
            case FULL -> random.getAsDouble() * base;
            case HALF -> base / 2 + random.getAsDouble() * base / 2;
        };
    }

    private static Duration wholeSeconds(double seconds) {
        return Duration.ofSeconds(Math.max(1, Math.round(seconds)));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double uniform() {
        return ThreadLocalRandom.current().nextDouble();
    }

    private static void requireAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
