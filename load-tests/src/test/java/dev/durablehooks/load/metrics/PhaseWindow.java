package dev.durablehooks.load.metrics;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The first and last moment a phase of a simulation sent a request: the window its resource usage is read for. */
public final class PhaseWindow {

    private final AtomicReference<Instant> first = new AtomicReference<>();
    private final AtomicReference<Instant> last = new AtomicReference<>();

    public void mark() {
        Instant now = Instant.now();
        first.compareAndSet(null, now);
        last.accumulateAndGet(now, (previous, current) -> previous == null || current.isAfter(previous) ? current : previous);
    }

    public Optional<Instant> first() {
        return Optional.ofNullable(first.get());
    }

    public Optional<Instant> last() {
        return Optional.ofNullable(last.get());
    }
}
