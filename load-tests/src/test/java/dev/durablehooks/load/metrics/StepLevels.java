package dev.durablehooks.load.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-level bookkeeping of a step-up run: which level each request was sent in (by its send time), its latency and
 * outcome, and whether the level stayed within the limits. A request without an answer counts as slower than any
 * answered one, so a level that leaves requests hanging cannot look fast.
 */
public final class StepLevels {

    public record Limits(double maxP99Ms, double maxErrorPercent, double minSentRatio) {
        public Limits {
            if (maxP99Ms < 0 || maxErrorPercent < 0 || maxErrorPercent > 100 || minSentRatio < 0 || minSentRatio > 1) {
                throw new IllegalArgumentException("Invalid step-up limits " + this);
            }
        }
    }

    /**
     * @param p99Ms    99th percentile of the level's latencies, counting unanswered requests as infinitely slow
     *                 ({@link Long#MAX_VALUE} when more than 1% are unanswered)
     * @param sentRate requests actually sent per second (the load generator can fall behind the offered rate)
     */
    public record Level(int index, double offeredRate, int sent, int answered, int failed, long p50Ms, long p99Ms,
                        double sentRate, String verdict) {
        public boolean passes() {
            return verdict.isEmpty();
        }

        public double errorPercent() {
            return sent == 0 ? 0 : 100.0 * (failed + (sent - answered)) / sent;
        }

        public String describe() {
            return String.format(Locale.ROOT, "level %d: offered %6.0f/s, sent %6.0f/s, n=%6d, errors %5.2f%% "
                            + "(%d wrong answers, %d unanswered), p50 %s ms, p99 %s ms %s", index, offeredRate,
                    sentRate, sent, errorPercent(), failed, sent - answered, show(p50Ms), show(p99Ms),
                    passes() ? "ok" : "BREACH: " + verdict);
        }

        public String toJson() {
            return String.format(Locale.ROOT, "{\"level\":%d,\"offeredRatePerSec\":%.1f,\"sentRatePerSec\":%.1f,"
                            + "\"sent\":%d,\"answered\":%d,\"failed\":%d,\"errorPercent\":%.3f,\"p50Ms\":%s,"
                            + "\"p99Ms\":%s,\"passes\":%b,\"verdict\":\"%s\"}", index, offeredRate, sentRate, sent,
                    answered, failed, errorPercent(), jsonNumber(p50Ms), jsonNumber(p99Ms), passes(), verdict);
        }

        private static String show(long millis) {
            return millis == Long.MAX_VALUE ? "∞" : Long.toString(millis);
        }

        private static String jsonNumber(long millis) {
            return millis == Long.MAX_VALUE ? "null" : Long.toString(millis);
        }
    }

    private final double startRate;
    private final double increment;
    private final Duration levelDuration;
    private final Limits limits;
    private final AtomicLong startMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastSendMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger[] sent;
    private final AtomicInteger[] failed;
    private final List<ConcurrentLinkedQueue<Long>> latencies = new ArrayList<>();
    private final AtomicBoolean[] judged;

    public StepLevels(double startRate, double increment, int levels, Duration levelDuration, Limits limits) {
        if (levels < 1 || startRate <= 0 || increment < 0 || levelDuration.isZero() || levelDuration.isNegative()) {
            throw new IllegalArgumentException("Invalid step-up shape");
        }
        this.startRate = startRate;
        this.increment = increment;
        this.levelDuration = levelDuration;
        this.limits = limits;
        this.sent = newCounters(levels);
        this.failed = newCounters(levels);
        this.judged = new AtomicBoolean[levels];
        for (int i = 0; i < levels; i++) {
            latencies.add(new ConcurrentLinkedQueue<>());
            judged[i] = new AtomicBoolean();
        }
    }

    public int levels() {
        return sent.length;
    }

    public double offeredRate(int level) {
        return startRate + level * increment;
    }

    /** Registers a request being sent now and returns its level; the first request starts the clock. */
    public int send(long nowMillis) {
        startMillis.compareAndSet(Long.MIN_VALUE, nowMillis);
        lastSendMillis.accumulateAndGet(nowMillis, Math::max);
        int level = levelAt(nowMillis);
        sent[level].incrementAndGet();
        return level;
    }

    /** An answer (any status); {@code ok} = the expected one. */
    public void answered(int level, long latencyMillis, boolean ok) {
        latencies.get(level).add(latencyMillis);
        if (!ok) {
            failed[level].incrementAndGet();
        }
    }

    /**
     * Judges, once each, the levels that ended at least {@code grace} before {@code nowMillis}; true if one of them
     * breached a limit (the signal to stop raising the rate).
     */
    public boolean breachedBefore(long nowMillis, Duration grace) {
        long start = startMillis.get();
        if (start == Long.MIN_VALUE) {
            return false;
        }
        boolean breached = false;
        for (int level = 0; level < levels(); level++) {
            long end = start + (level + 1) * levelDuration.toMillis();
            if (nowMillis >= end + grace.toMillis() && judged[level].compareAndSet(false, true)) {
                breached |= !evaluate(level).passes();
            }
        }
        return breached;
    }

    public Level evaluate(int level) {
        long[] answered = latencies.get(level).stream().mapToLong(Long::longValue).sorted().toArray();
        int sentCount = sent[level].get();
        int failedCount = failed[level].get();
        long p50 = rankOrUnanswered(answered, sentCount, 50);
        long p99 = rankOrUnanswered(answered, sentCount, 99);
        double sentRate = sentCount * 1000.0 / levelDuration.toMillis();
        double offered = offeredRate(level);
        double errorPercent = sentCount == 0 ? 0 : 100.0 * (failedCount + (sentCount - answered.length)) / sentCount;
        List<String> breaches = new ArrayList<>();
        long levelEnd = startMillis.get() + (level + 1) * levelDuration.toMillis();
        if (lastSendMillis.get() < levelEnd - 100) {
            // The run stopped (a lower level breached) before this level was over: its figures say nothing.
            return new Level(level, offered, sentCount, answered.length, failedCount, p50, p99, sentRate,
                    "cut short when the run stopped");
        }
        if (sentRate < limits.minSentRatio() * offered) {
            breaches.add(String.format(Locale.ROOT, "load generator sent only %.0f/s", sentRate));
        }
        if (errorPercent > limits.maxErrorPercent()) {
            breaches.add(String.format(Locale.ROOT, "errors %.2f%% > %.2f%%", errorPercent, limits.maxErrorPercent()));
        }
        if (p99 > limits.maxP99Ms()) {
            breaches.add(String.format(Locale.ROOT, "p99 > %.0f ms", limits.maxP99Ms()));
        }
        return new Level(level, offered, sentCount, answered.length, failedCount, p50, p99, sentRate,
                String.join(", ", breaches));
    }

    /** Every level that sent something, in order. */
    public List<Level> evaluateAll() {
        List<Level> all = new ArrayList<>();
        for (int level = 0; level < levels(); level++) {
            if (sent[level].get() > 0) {
                all.add(evaluate(level));
            }
        }
        return all;
    }

    /** The last level of the unbroken run of passing levels from the first one: the highest sustainable rate. */
    public static Optional<Level> knee(List<Level> levels) {
        Level knee = null;
        for (Level level : levels) {
            if (!level.passes()) {
                break;
            }
            knee = level;
        }
        return Optional.ofNullable(knee);
    }

    private int levelAt(long nowMillis) {
        long elapsed = Math.max(0, nowMillis - startMillis.get());
        return (int) Math.min(levels() - 1, elapsed / levelDuration.toMillis());
    }

    private static long rankOrUnanswered(long[] sortedAnswered, int sentCount, double percentile) {
        if (sentCount == 0) {
            return 0;
        }
        int rank = Math.max(1, (int) Math.ceil(percentile / 100.0 * sentCount));
        return rank > sortedAnswered.length ? Long.MAX_VALUE : sortedAnswered[rank - 1];
    }

    private static AtomicInteger[] newCounters(int size) {
        AtomicInteger[] counters = new AtomicInteger[size];
        Arrays.setAll(counters, i -> new AtomicInteger());
        return counters;
    }
}
