package dev.durablehooks.chaos.observe;

import dev.durablehooks.chaos.traffic.IntakeAnomaly;
import dev.durablehooks.chaos.traffic.TrafficLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Polls every open token over and over (bounded concurrency, at most one round per {@code intervalMillis}) and
 * records each answer, so that a status regression between two reads is seen while the drill runs.
 */
public final class StatusPoller implements AutoCloseable {
    private final StatusClient client;
    private final ObservationLog observations;
    private final TrafficLog traffic;
    private final long intervalMillis;
    private final int concurrency;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;
    private final Thread loop;

    public StatusPoller(StatusClient client, ObservationLog observations, TrafficLog traffic, long intervalMillis,
                        int concurrency) {
        this.client = Objects.requireNonNull(client, "client");
        this.observations = Objects.requireNonNull(observations, "observations");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.intervalMillis = intervalMillis;
        this.concurrency = concurrency;
        this.loop = Thread.ofPlatform().daemon().name("chaos-status-poller").unstarted(this::run);
    }

    public void start() {
        loop.start();
    }

    private void run() {
        while (running) {
            long started = System.currentTimeMillis();
            try {
                poll(observations.openTokens(), true);
            } catch (InterruptedException e) {
                return;
            }
            long rest = intervalMillis - (System.currentTimeMillis() - started);
            if (rest > 0) {
                try {
                    Thread.sleep(rest);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Reads each token once, even after {@link #stop} (the drill's final read); unreachable tokens are skipped. */
    public void pollOnce(List<String> tokens) throws InterruptedException {
        poll(tokens, false);
    }

    private void poll(List<String> tokens, boolean untilStopped) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        List<Future<?>> pending = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean unreachable = new java.util.concurrent.atomic.AtomicBoolean();
        for (String token : tokens) {
            if ((untilStopped && !running) || unreachable.get()) {
                break; // a round stops at the first unreachable read: the service is down, try again next round
            }
            permits.acquire();
            pending.add(workers.submit(() -> {
                try {
                    if (!readAndRecord(token)) {
                        unreachable.set(true);
                    }
                } finally {
                    permits.release();
                }
            }));
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // a failed read is just a missing observation
            }
        }
    }

    /** @return false when the service could not be reached */
    private boolean readAndRecord(String token) {
        try {
            Optional<StatusObservation> answer = client.read(token);
            answer.ifPresent(o -> observations.record(token, o));
            return answer.isPresent();
        } catch (StatusClient.Unexpected e) {
            if (e.status() >= 500 && e.status() != 503) {
                traffic.recordAnomaly(new IntakeAnomaly(IntakeAnomaly.Kind.SERVER_ERROR, "status:" + token,
                        e.status(), e.getMessage(), System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    public void stop() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        workers.shutdownNow();
    }
}
