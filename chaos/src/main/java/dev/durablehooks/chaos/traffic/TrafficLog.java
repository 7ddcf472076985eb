package dev.durablehooks.chaos.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Thread-safe record of what the senders did and were answered. */
public final class TrafficLog {
    private final List<Acceptance> acceptances = new ArrayList<>();
    private final List<IntakeAnomaly> anomalies = new ArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger rejectedAsExpected = new AtomicInteger();
    private final AtomicInteger ambiguous = new AtomicInteger();
    private final AtomicInteger transportRetries = new AtomicInteger();
    private final Consumer<String> onNewToken;

    public TrafficLog(Consumer<String> onNewToken) {
        this.onNewToken = onNewToken;
    }

    void sent() {
        sent.incrementAndGet();
    }

    void accepted(Acceptance acceptance) {
        synchronized (acceptances) {
            acceptances.add(acceptance);
        }
        acknowledged.incrementAndGet();
        onNewToken.accept(acceptance.token());
    }

    void rejectedAsExpected() {
        rejectedAsExpected.incrementAndGet();
        acknowledged.incrementAndGet();
    }

    void anomaly(IntakeAnomaly anomaly) {
        synchronized (anomalies) {
            anomalies.add(anomaly);
        }
    }

    /** A request on an unkeyed delivery died mid-flight: it may or may not have been stored; not retried. */
    void ambiguous() {
        ambiguous.incrementAndGet();
    }

    void transportRetry() {
        transportRetries.incrementAndGet();
    }

    public void recordAnomaly(IntakeAnomaly anomaly) {
        anomaly(anomaly);
    }

    public List<Acceptance> acceptances() {
        synchronized (acceptances) {
            return List.copyOf(acceptances);
        }
    }

    public List<IntakeAnomaly> anomalies() {
        synchronized (anomalies) {
            return List.copyOf(anomalies);
        }
    }

    public int sentCount() {
        return sent.get();
    }

    public int acknowledgedCount() {
        return acknowledged.get();
    }

    public int rejectedAsExpectedCount() {
        return rejectedAsExpected.get();
    }

    public int ambiguousCount() {
        return ambiguous.get();
    }

    public int transportRetryCount() {
        return transportRetries.get();
    }
}
