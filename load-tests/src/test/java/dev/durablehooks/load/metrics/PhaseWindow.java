package dev.durablehooks.load.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One phase of a simulation: the first and last moment it sent a request (the window its resource usage is read for)
 * and its achieved throughput, counted from the end of its ramp ({@code steadyAfter} after the first request).
 */
public final class PhaseWindow {

    private final Duration steadyAfter;
    private final AtomicReference<Instant> first = new AtomicReference<>();
    private final AtomicReference<Instant> last = new AtomicReference<>();
    private final AtomicLong steadyExpectedAnswers = new AtomicLong();

    public PhaseWindow(Duration steadyAfter) {
        this.steadyAfter = steadyAfter;
    }

    /** A request of this phase is being sent now. */
    public void mark() {
        Instant now = Instant.now();
        first.compareAndSet(null, now);
        last.accumulateAndGet(now, (previous, current) -> previous == null || current.isAfter(previous) ? current : previous);
    }

    /** An answer arrived now; {@code expected} = the answer the phase checks for. */
    public void answered(boolean expected) {
        Optional<Instant> steadyFrom = steadyFrom();
        if (expected && steadyFrom.isPresent() && !Instant.now().isBefore(steadyFrom.get())) {
            steadyExpectedAnswers.incrementAndGet();
        }
    }

    /** Expected answers per second from the end of the ramp to the last request sent (0 if there was no such time). */
    public double steadyAnswersPerSecond() {
        Optional<Instant> from = steadyFrom();
        Instant to = last.get();
        if (from.isEmpty() || to == null || !to.isAfter(from.get())) {
            return 0;
        }
        return steadyExpectedAnswers.get() * 1000.0 / Duration.between(from.get(), to).toMillis();
    }

    public Optional<Instant> steadyFrom() {
        return Optional.ofNullable(first.get()).map(start -> start.plus(steadyAfter));
    }

    public Optional<Instant> last() {
        return Optional.ofNullable(last.get());
    }
}
