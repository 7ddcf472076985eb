package dev.durablehooks.service.metrics;

import dev.durablehooks.service.processor.StepTimings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** The service's meters, exposed in Prometheus text format at {@code GET /metrics}. */
public final class ServiceMetrics implements StepTimings {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted;
    private final Counter duplicates;
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Map<String, Counter> finished = new ConcurrentHashMap<>();
    private final Map<String, Timer> stepTimers = new ConcurrentHashMap<>();
    private final Timer intake;
    private final Timer storeCommit;

    public ServiceMetrics() {
        accepted = Counter.builder("webhooks.accepted").description("Webhooks accepted with 202 (new executions)")
                .register(registry);
        duplicates = Counter.builder("webhooks.duplicates")
                .description("Duplicate deliveries answered with the first delivery's token").register(registry);
        intake = Timer.builder("webhooks.intake.duration").description("Time to answer POST /webhook")
                .publishPercentileHistogram().register(registry);
        storeCommit = Timer.builder("webhook.store.commit.duration")
                .description("Time of each SQLite COMMIT: the WAL write and its fsync, which every acknowledged write waits for")
                .publishPercentileHistogram().register(registry);
    }

    /** Called on the store's writer thread after every COMMIT. */
    public void storeCommitted(long nanos) {
        storeCommit.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void accepted() {
        accepted.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    /** @param reason a short fixed label (e.g. {@code too_large}, {@code bad_signature}) */
    public void rejected(String reason) {
        rejections.computeIfAbsent(reason, r -> Counter.builder("webhooks.rejected")
                .description("Deliveries refused, by reason").tag("reason", r).register(registry)).increment();
    }

    public void intakeTook(Duration took) {
        intake.record(took);
    }

    /**
     * A monotonically increasing count kept by {@code source}, read at scrape time. Micrometer holds {@code source}
     * weakly: it must be an object the service keeps anyway.
     */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, source, count).description(description).register(registry);
    }

    /** A gauge read at scrape time. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /**
     * One gauge per status, {@code webhook_records{status}}: records in the store right now. The counts come from
     * one query, reused for a second, so a scrape costs one query however many gauges it reads.
     */
    public <S extends Enum<S>> void statusCounts(Class<S> statuses, Supplier<Map<S, Long>> counts) {
        Supplier<Map<S, Long>> cached = new Supplier<>() {
            private long takenAt;
            private Map<S, Long> last = Map.of();

            @Override
            public synchronized Map<S, Long> get() {
                long now = System.nanoTime();
                if (takenAt == 0 || now - takenAt > 1_000_000_000L) {
                    try {
                        last = counts.get();
                    } catch (RuntimeException e) {
                        // Keep the last counts; health reports the store's state.
                    }
                    takenAt = now;
                }
                return last;
            }
        };
        for (S status : statuses.getEnumConstants()) {
            Gauge.builder("webhook.records", () -> cached.get().getOrDefault(status, 0L))
                    .description("Status records in the store, by status (expired ones until swept)")
                    .tag("status", status.name()).register(registry);
        }
    }

    @Override
    public void stepRan(String step, Duration took, boolean succeeded) {
        stepTimers.computeIfAbsent(step + (succeeded ? ":ok" : ":error"), k -> Timer.builder("webhook.step.duration")
                .description("Runs of a processor step's work (replays excluded)")
                .tag("step", step).tag("outcome", succeeded ? "success" : "error")
                .publishPercentileHistogram().register(registry)).record(took);
    }

    @Override
    public void finished(String status) {
        finished.computeIfAbsent(status, s -> Counter.builder("webhook.executions")
                .description("Executions that reached a terminal status in this process, by status")
                .tag("status", s).register(registry)).increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    public String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }
}
