package dev.durablehooks.load.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/** Millisecond durations collected from many virtual users; summarised with nearest-rank percentiles. */
public final class LatencySamples {

    public record Summary(int count, long min, long p50, long p95, long p99, long max, double mean) {
        public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0);

        public String describe() {
            return String.format(Locale.ROOT, "n=%d min=%d p50=%d p95=%d p99=%d max=%d mean=%.1f (ms)",
                    count, min, p50, p95, p99, max, mean);
        }

        public String toJson() {
            return String.format(Locale.ROOT,
                    "{\"count\":%d,\"minMs\":%d,\"p50Ms\":%d,\"p95Ms\":%d,\"p99Ms\":%d,\"maxMs\":%d,\"meanMs\":%.3f}",
                    count, min, p50, p95, p99, max, mean);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private long[] values = new long[1024];
    private int size;
    private final AtomicLong failures = new AtomicLong();

    public void add(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("A duration cannot be negative: " + millis);
        }
        lock.lock();
        try {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = millis;
        } finally {
            lock.unlock();
        }
    }

    public void addFailure() {
        failures.incrementAndGet();
    }

    public long failures() {
        return failures.get();
    }

    public Summary summary() {
        long[] sorted;
        lock.lock();
        try {
            sorted = Arrays.copyOf(values, size);
        } finally {
            lock.unlock();
        }
        return summarise(sorted);
    }

    static Summary summarise(long[] values) {
        if (values.length == 0) {
            return Summary.EMPTY;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        return new Summary(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1], sum / sorted.length);
    }

    /** Nearest rank: the smallest value such that at least {@code p}% of the values are at or below it. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
