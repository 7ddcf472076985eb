package dev.durablehooks.chaos.process;

import dev.durablehooks.launcher.LaunchedService;
import dev.durablehooks.launcher.ServiceLauncher;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Runs the service as a child process across kills and restarts, on top of the service-launcher: starts it and waits
 * for its Listening line, kills it with SIGKILL, reads its stderr for {@code CHAOS halt} lines, and, when
 * {@code restartOnDeath} is set, restarts it on the same environment as soon as it dies on its own (a halt).
 * Every death is recorded as a {@link CrashEvent}; every start as a {@link Restart}.
 */
public final class ServiceSupervisor implements AutoCloseable {

    private final ServiceLauncher launcher;
    private final IntFunction<Map<String, String>> perStartEnvironment;
    private final Object lock = new Object();
    /** Held for a whole start (spawn to Listening line), so that two starts never overlap. */
    private final Object startLock = new Object();
    private final List<CrashEvent> crashes = new ArrayList<>();
    private final List<TimelineEvent> timeline = new ArrayList<>();
    private final List<Restart> restarts = new ArrayList<>();
    private volatile boolean restartOnDeath;
    private volatile boolean closing;
    private Run current;
    private int runs;
    private long lastCrashAt;
    private volatile URI listeningUri;
    private volatile Thread restarter;

    /**
     * @param launcher how to start the service (jar, JVM options, port, data dir, environment shared by every start,
     *     log file: every run's output is appended to it)
     * @param perStartEnvironment environment for run n (1-based), on top of the launcher's
     */
    public ServiceSupervisor(ServiceLauncher launcher, IntFunction<Map<String, String>> perStartEnvironment) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.perStartEnvironment = Objects.requireNonNull(perStartEnvironment, "perStartEnvironment");
    }

    /** Whether a process that dies on its own (a halt) is restarted at once. */
    public void restartOnDeath(boolean enabled) {
        restartOnDeath = enabled;
    }

    /** Starts the service and blocks until it listens. */
    public URI start() {
        return start(Map.of());
    }

    /** Starts it with extra environment (for example a different CHAOS_FAULTS); blocks until it listens. */
    public URI start(Map<String, String> extraEnvironment) {
        synchronized (startLock) {
            Run run;
            Map<String, String> env;
            synchronized (lock) {
                if (current != null && current.service.isAlive()) {
                    throw new IllegalStateException("the service is already running");
                }
                run = new Run(++runs, System.currentTimeMillis());
                env = new HashMap<>(launcher.environment());
                env.putAll(perStartEnvironment.apply(run.number));
                env.putAll(extraEnvironment);
                restarts.add(new Restart(run.number, run.spawnedAt, 0, lastCrashAt));
                lastCrashAt = 0;
            }
            LaunchedService service;
            try {
                service = launcher.toBuilder()
                        .name("service-" + run.number)
                        .environment(env)
                        .outputListener((stream, line) -> {
                            if (stream == ServiceLauncher.Stream.STDERR) {
                                CrashEvent.parseHaltLine(line, System.currentTimeMillis())
                                        .ifPresent(halt -> halted(run, halt));
                            }
                        })
                        .build()
                        .start();
            } catch (RuntimeException e) {
                synchronized (lock) {
                    timeline.add(new TimelineEvent(run.spawnedAt, TimelineEvent.Kind.START, "run " + run.number
                            + faults(env)));
                    timeline.add(new TimelineEvent(System.currentTimeMillis(), TimelineEvent.Kind.EXIT,
                            "run " + run.number + " did not start: " + e.getMessage().lines().findFirst().orElse("")));
                }
                throw e;
            }
            long now = System.currentTimeMillis();
            synchronized (lock) {
                run.service = service;
                current = run;
                timeline.add(new TimelineEvent(run.spawnedAt, TimelineEvent.Kind.START, "run " + run.number + " pid "
                        + service.pid() + faults(env)));
                timeline.add(new TimelineEvent(now, TimelineEvent.Kind.LISTENING, "run " + run.number + " "
                        + service.baseUrl()));
                for (int i = 0; i < restarts.size(); i++) {
                    Restart r = restarts.get(i);
                    if (r.run() == run.number) {
                        restarts.set(i, new Restart(r.run(), r.spawnedAtMillis(), now, r.crashAtMillis()));
                    }
                }
            }
            // completes after every output line (so every halt line) was handed to the listener
            service.onExit().thenAccept(code -> exited(run, code));
            listeningUri = service.baseUrl();
            return service.baseUrl();
        }
    }

    /** kill -9 the running service and wait until it is gone; no restart. */
    public void kill() {
        Run run;
        synchronized (lock) {
            run = current;
            if (run == null || !run.service.isAlive()) {
                return;
            }
            run.intentional = true;
            long now = System.currentTimeMillis();
            crashes.add(CrashEvent.kill(now));
            timeline.add(new TimelineEvent(now, TimelineEvent.Kind.KILL, "kill -9 pid " + run.service.pid()));
            lastCrashAt = now;
        }
        run.service.kill();
    }

    /** kill -9, then start again on the same data dir; blocks until it listens. */
    public URI killAndRestart() {
        kill();
        return start();
    }

    /** Graceful stop (SIGTERM, then SIGKILL after the launcher's stop timeout); not counted as a crash. */
    public void stop() {
        Run run;
        synchronized (lock) {
            run = current;
            if (run == null || !run.service.isAlive()) {
                return;
            }
            run.intentional = true;
            long now = System.currentTimeMillis();
            crashes.add(CrashEvent.stop(now));
            timeline.add(new TimelineEvent(now, TimelineEvent.Kind.STOP, "SIGTERM"));
        }
        run.service.stop();
    }

    /** Stops restarting on death, lets a restart already under way finish, then stops the service gracefully. */
    public void stopForGood() {
        restartOnDeath = false;
        Thread pending = restarter;
        if (pending != null) {
            joinQuietly(pending, 120_000);
        }
        stop();
    }

    public boolean alive() {
        synchronized (lock) {
            return current != null && current.service.isAlive();
        }
    }

    public URI uri() {
        return listeningUri;
    }

    public List<CrashEvent> crashes() {
        synchronized (lock) {
            return List.copyOf(crashes);
        }
    }

    public List<TimelineEvent> timeline() {
        synchronized (lock) {
            return List.copyOf(timeline);
        }
    }

    public List<Restart> restarts() {
        synchronized (lock) {
            return List.copyOf(restarts);
        }
    }

    public long count(CrashEvent.Kind kind) {
        synchronized (lock) {
            return crashes.stream().filter(c -> c.kind() == kind).count();
        }
    }

    /** Starts after the first one. */
    public int restartCount() {
        synchronized (lock) {
            return Math.max(0, runs - 1);
        }
    }

    public void note(TimelineEvent event) {
        synchronized (lock) {
            timeline.add(event);
        }
    }

    private static String faults(Map<String, String> env) {
        return env.containsKey("CHAOS_FAULTS") ? " CHAOS_FAULTS=" + env.get("CHAOS_FAULTS") : "";
    }

    private void halted(Run run, CrashEvent halt) {
        synchronized (lock) {
            run.halted = true;
            crashes.add(halt);
            lastCrashAt = halt.atMillis();
            timeline.add(new TimelineEvent(halt.atMillis(), TimelineEvent.Kind.HALT,
                    halt.step() + ":" + halt.phase() + " token " + halt.token() + " attempt " + halt.attempt()));
        }
    }

    private void exited(Run run, int code) {
        boolean restart;
        synchronized (lock) {
            long now = System.currentTimeMillis();
            timeline.add(new TimelineEvent(now, TimelineEvent.Kind.EXIT, "run " + run.number + " exit " + code));
            if (run.intentional || closing) {
                return;
            }
            if (!run.halted) {
                crashes.add(CrashEvent.unexpectedExit(now));
                lastCrashAt = now;
            }
            restart = restartOnDeath && current == run;
        }
        if (restart) {
            restarter = Thread.ofPlatform().daemon().name("service-restart").start(this::restartQuietly);
        }
    }

    private void restartQuietly() {
        for (int attempt = 0; attempt < 5 && !closing; attempt++) {
            try {
                start();
                return;
            } catch (RuntimeException e) {
                // recorded in the timeline by start(); try again
            }
        }
    }

    private static void joinQuietly(Thread thread, long millis) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        restartOnDeath = false;
        joinQuietly(restarter, 120_000);
        stop();
    }

    private static final class Run {
        final int number;
        final long spawnedAt;
        volatile LaunchedService service;
        volatile boolean intentional;
        volatile boolean halted;

        Run(int number, long spawnedAt) {
            this.number = number;
            this.spawnedAt = spawnedAt;
        }
    }
}
