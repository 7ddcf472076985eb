package dev.durablehooks.chaos.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs the service as a child process across kills and restarts: starts it and waits for its Listening line, kills
 * it with SIGKILL ({@link Process#destroyForcibly()}), reads its stderr for {@code CHAOS halt} lines, and, when
 * {@code restartOnDeath} is set, restarts it on the same environment as soon as it dies on its own (a halt).
 * Every death is recorded as a {@link CrashEvent}; every start as a {@link Restart}.
 */
public final class ServiceSupervisor implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ServiceLaunch launch;
    private final IntFunction<Map<String, String>> perStartEnvironment;
    private final Object lock = new Object();
    private final List<CrashEvent> crashes = new ArrayList<>();
    private final List<TimelineEvent> timeline = new ArrayList<>();
    private final List<Restart> restarts = new ArrayList<>();
    private final PrintWriter log;
    private volatile boolean restartOnDeath;
    private volatile boolean closing;
    private Run current;
    private int runs;
    private long lastCrashAt;
    private volatile URI listeningUri;
    private volatile Thread restarter;

    /** @param perStartEnvironment environment for run n (1-based), on top of the launch's */
    public ServiceSupervisor(ServiceLaunch launch, IntFunction<Map<String, String>> perStartEnvironment) {
        this.launch = Objects.requireNonNull(launch, "launch");
        this.perStartEnvironment = Objects.requireNonNull(perStartEnvironment, "perStartEnvironment");
        try {
            Files.createDirectories(launch.logFile().toAbsolutePath().getParent());
            this.log = new PrintWriter(Files.newBufferedWriter(launch.logFile(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a process that dies on its own (a halt) is restarted at once. */
    public void restartOnDeath(boolean enabled) {
        restartOnDeath = enabled;
    }

    /** Starts the service and blocks until it listens. */
    public URI start() {
        Run run;
        synchronized (lock) {
            run = spawn(Map.of());
        }
        return awaitListening(run);
    }

    /** Starts it with extra environment (for example a different CHAOS_FAULTS). */
    public URI start(Map<String, String> extraEnvironment) {
        Run run;
        synchronized (lock) {
            run = spawn(extraEnvironment);
        }
        return awaitListening(run);
    }

    /** kill -9 the running service and wait until it is gone; no restart. */
    public void kill() {
        Run run;
        synchronized (lock) {
            run = current;
            if (run == null || !run.process.isAlive()) {
                return;
            }
            run.intentional = true;
            long now = System.currentTimeMillis();
            crashes.add(CrashEvent.kill(now));
            timeline.add(new TimelineEvent(now, TimelineEvent.Kind.KILL, "kill -9 pid " + run.process.pid()));
            lastCrashAt = now;
            run.process.destroyForcibly();
        }
        waitGone(run);
    }

    /** kill -9, then start again on the same data dir; blocks until it listens. */
    public URI killAndRestart() {
        kill();
        return start();
    }

    /** Graceful stop (SIGTERM, then SIGKILL after 15 s); not counted as a crash. */
    public void stop() {
        Run run;
        synchronized (lock) {
            run = current;
            if (run == null || !run.process.isAlive()) {
                return;
            }
            run.intentional = true;
            long now = System.currentTimeMillis();
            crashes.add(CrashEvent.stop(now));
            timeline.add(new TimelineEvent(now, TimelineEvent.Kind.STOP, "SIGTERM"));
            run.process.destroy();
        }
        try {
            if (!run.process.waitFor(15, TimeUnit.SECONDS)) {
                run.process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waitGone(run);
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
            return current != null && current.process.isAlive() && current.listening.isDone()
                    && !current.listening.isCompletedExceptionally();
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

    private Run spawn(Map<String, String> extraEnvironment) {
        if (current != null && current.process.isAlive()) {
            throw new IllegalStateException("the service is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(launch.javaCommand());
        command.addAll(launch.jvmOptions());
        command.add("-jar");
        command.add(launch.jar().toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = new HashMap<>(launch.environment());
        env.putAll(perStartEnvironment.apply(runs + 1));
        env.putAll(extraEnvironment);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        long now = System.currentTimeMillis();
        Run run = new Run(++runs, process);
        current = run;
        restarts.add(new Restart(run.number, now, 0, lastCrashAt));
        lastCrashAt = 0;
        timeline.add(new TimelineEvent(now, TimelineEvent.Kind.START, "run " + run.number + " pid " + process.pid()
                + (env.containsKey("CHAOS_FAULTS") ? " CHAOS_FAULTS=" + env.get("CHAOS_FAULTS") : "")));
        log.println("=== run " + run.number + " pid " + process.pid() + " " + java.time.Instant.ofEpochMilli(now));
        run.stdout = pump(run, process.getInputStream(), "out");
        run.stderr = pump(run, process.getErrorStream(), "err");
        process.onExit().thenRun(() -> exited(run));
        return run;
    }

    private Thread pump(Run run, InputStream stream, String name) {
        return Thread.ofPlatform().daemon().name("service-" + run.number + "-" + name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    long now = System.currentTimeMillis();
                    log.println("[" + run.number + " " + name + "] " + line);
                    run.remember(line);
                    if (name.equals("out") && line.startsWith("Listening on ")) {
                        run.listening.complete(URI.create(line.substring("Listening on ".length()).trim()));
                    }
                    if (name.equals("err")) {
                        CrashEvent.parseHaltLine(line, now).ifPresent(halt -> halted(run, halt));
                    }
                }
            } catch (IOException e) {
                // the process died; its pipe is gone
            }
        });
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

    private void exited(Run run) {
        joinQuietly(run.stderr);
        joinQuietly(run.stdout);
        int code = run.process.exitValue();
        boolean restart;
        synchronized (lock) {
            long now = System.currentTimeMillis();
            timeline.add(new TimelineEvent(now, TimelineEvent.Kind.EXIT, "run " + run.number + " exit " + code));
            run.listening.completeExceptionally(new IllegalStateException("the service exited with " + code
                    + " before listening; last output:\n" + String.join("\n", run.lastLines())));
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
                log.println("restart failed: " + e.getMessage());
            }
        }
    }

    private URI awaitListening(Run run) {
        try {
            URI uri = run.listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long now = System.currentTimeMillis();
            synchronized (lock) {
                timeline.add(new TimelineEvent(now, TimelineEvent.Kind.LISTENING, "run " + run.number + " " + uri));
                for (int i = 0; i < restarts.size(); i++) {
                    Restart r = restarts.get(i);
                    if (r.run() == run.number) {
                        restarts.set(i, new Restart(r.run(), r.spawnedAtMillis(), now, r.crashAtMillis()));
                    }
                }
            }
            listeningUri = uri;
            return uri;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            run.process.destroyForcibly();
            throw new IllegalStateException("the service did not print its Listening line within " + START_TIMEOUT
                    + "; last output:\n" + String.join("\n", run.lastLines()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the service", e);
        }
    }

    private static void waitGone(Run run) {
        try {
            run.process.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the service process did not exit", e);
        }
        joinQuietly(run.stderr);
    }

    private static void joinQuietly(Thread thread) {
        joinQuietly(thread, 5000);
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
        log.close();
    }

    private static final class Run {
        final int number;
        final Process process;
        final CompletableFuture<URI> listening = new CompletableFuture<>();
        final Deque<String> lastLines = new ArrayDeque<>();
        volatile boolean intentional;
        volatile boolean halted;
        Thread stdout;
        Thread stderr;

        Run(int number, Process process) {
            this.number = number;
            this.process = process;
        }

        synchronized void remember(String line) {
            lastLines.addLast(line);
            if (lastLines.size() > 30) {
                lastLines.removeFirst();
            }
        }

        synchronized List<String> lastLines() {
            return List.copyOf(lastLines);
        }
    }
}
