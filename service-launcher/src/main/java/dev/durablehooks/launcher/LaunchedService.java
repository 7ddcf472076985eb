package dev.durablehooks.launcher;

import dev.durablehooks.launcher.ServiceLauncher.OutputListener;
import dev.durablehooks.launcher.ServiceLauncher.Stream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service started by {@link ServiceLauncher#start()} that printed its Listening line: its base URL and pid, and the
 * ways to end it. All methods are thread-safe. {@link #close()} (try-with-resources) stops it gracefully and deletes
 * the data dir when the launcher created it; a JVM shutdown hook kills it if this JVM exits first.
 */
public final class LaunchedService implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("^Listening on (http://\\S+?)/?$");
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Optional<Path> logFile;
    private final Duration stopTimeout;
    private final Writer log;
    private final OutputListener listener;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<URI> listening = new CompletableFuture<>();
    /** Completes with the exit code once the process exited and all of its output was read. */
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Thread shutdownHook;
    private volatile URI baseUrl;
    private boolean closed;

    private LaunchedService(ServiceLauncher launcher, Process process, Path dataDir, boolean ownsDataDir, Writer log,
            OutputListener listener) {
        this.name = launcher.name();
        this.process = process;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.logFile = launcher.logFile();
        this.stopTimeout = launcher.stopTimeout();
        this.log = log;
        this.listener = listener;
        this.shutdownHook = new Thread(process::destroyForcibly, "kill-" + name + "-" + process.pid());
    }

    /** Wires the output readers and the exit watcher to a just-started process, then waits for the Listening line. */
    static LaunchedService awaitListening(ServiceLauncher launcher, Process process, List<String> command,
            Path dataDir, boolean ownsDataDir, Writer log, OutputListener listener) {
        LaunchedService service = new LaunchedService(launcher, process, dataDir, ownsDataDir, log, listener);
        Runtime.getRuntime().addShutdownHook(service.shutdownHook);
        service.writeLog("=== " + service.name + " pid " + process.pid() + " started " + Instant.now() + ": "
                + String.join(" ", command));
        Thread out = service.pump(process.getInputStream(), Stream.STDOUT);
        Thread err = service.pump(process.getErrorStream(), Stream.STDERR);
        Thread.ofPlatform().daemon().name(service.name + "-exit").start(() -> service.watchExit(out, err));
        Duration timeout = launcher.startupTimeout();
        try {
            service.baseUrl = service.listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return service;
        } catch (ExecutionException e) {
            service.cleanUpAfterFailedStart();
            throw new IllegalStateException(service.name + " exited with code " + process.exitValue()
                    + " before it printed 'Listening on http://...'" + service.details(), e.getCause());
        } catch (TimeoutException e) {
            service.sigkill();
            service.cleanUpAfterFailedStart();
            throw new IllegalStateException(service.name + " (pid " + process.pid() + ") did not print 'Listening on "
                    + "http://...' within " + timeout + ", so it was killed" + service.details());
        } catch (InterruptedException e) {
            service.sigkill();
            service.cleanUpAfterFailedStart();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + service.name + " to listen; killed it",
                    e);
        }
    }

    /** The URL from the Listening line, with a wildcard bind address (0.0.0.0, ::) replaced by 127.0.0.1. */
    public URI baseUrl() {
        return baseUrl;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** The service's {@code DATA_DIR}. */
    public Path dataDir() {
        return dataDir;
    }

    /** The file its output is appended to, if the launcher has one. */
    public Optional<Path> logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Up to the last 40 lines it printed, as {@code out| line} / {@code err| line}. */
    public List<String> lastOutput() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /**
     * Completes with the exit code once the process has exited and every line of its output was logged and handed to
     * the listener (so a listener's findings are complete when this completes).
     */
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    /** Waits up to {@code atMost} for the exit (and the end of its output); its exit code, or empty if still running. */
    public OptionalInt awaitExit(Duration atMost) throws InterruptedException {
        try {
            return OptionalInt.of(exit.get(atMost.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Graceful stop: SIGTERM (the service's shutdown hook runs), SIGKILL if it has not exited within the launcher's
     * stop timeout. Returns the exit code (143 after SIGTERM, 137 after SIGKILL); at once if it already exited.
     *
     * @throws IllegalStateException if it is still there 30 s after SIGKILL, or when interrupted (it is killed then)
     */
    public int stop() {
        sigterm();
        try {
            OptionalInt code = awaitExit(stopTimeout);
            if (code.isPresent()) {
                return code.getAsInt();
            }
        } catch (InterruptedException e) {
            sigkill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + name + " (pid " + pid() + "); killed it", e);
        }
        return kill();
    }

    /**
     * Like {@code kill -9}: SIGKILL, no shutdown hook in the service, nothing flushed. Waits for the exit and returns
     * its code (137); at once if it already exited.
     *
     * @throws IllegalStateException if it is still there 30 s after SIGKILL, or when interrupted
     */
    public int kill() {
        sigkill();
        try {
            return awaitExit(KILL_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                    name + " (pid " + pid() + ") did not exit within " + KILL_TIMEOUT + " of SIGKILL"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " (pid " + pid()
                    + ") to exit after SIGKILL", e);
        }
    }

    /** {@link #stop()} if still running, then deletes the data dir if the launcher created it. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            stop();
        } finally {
            if (ownsDataDir) {
                deleteRecursively(dataDir);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + (baseUrl == null ? "" : ", " + baseUrl) + ")";
    }

    /*
     * Signals go through the ProcessHandle: Process.destroy() and destroyForcibly() also close our ends of the child's
     * stdout and stderr, which would lose what it prints while it shuts down (or the last lines before a kill).
     */
    private void sigterm() {
        process.toHandle().destroy();
    }

    private void sigkill() {
        process.toHandle().destroyForcibly();
    }

    private Thread pump(InputStream in, Stream stream) {
        return Thread.ofPlatform().daemon().name(name + "-" + stream.tag()).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String tagged = stream.tag() + "| " + line;
                    writeLog(tagged);
                    synchronized (tail) {
                        tail.addLast(tagged);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                    if (stream == Stream.STDOUT && !listening.isDone()) {
                        Matcher m = LISTENING.matcher(line.strip());
                        if (m.matches()) {
                            listening.complete(loopback(URI.create(m.group(1))));
                        }
                    }
                    if (listener != null) {
                        try {
                            listener.line(stream, line);
                        } catch (RuntimeException e) {
                            writeLog("(output listener failed on the line above: " + e + ")");
                        }
                    }
                }
            } catch (IOException ignored) {
                // the pipe closed: the process is gone, which watchExit reports
            }
        });
    }

    private void watchExit(Thread out, Thread err) {
        int code;
        while (true) {
            try {
                code = process.waitFor();
                out.join(DRAIN_TIMEOUT.toMillis());
                err.join(DRAIN_TIMEOUT.toMillis());
                break;
            } catch (InterruptedException e) {
                // a daemon thread nobody interrupts; keep waiting
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway and finds the process gone
        }
        writeLog("=== " + name + " pid " + process.pid() + " exited with code " + code + " " + Instant.now());
        if (log != null) {
            synchronized (log) {
                try {
                    log.close();
                } catch (IOException ignored) {
                    // best effort: the lines were flushed one by one
                }
            }
        }
        listening.completeExceptionally(new IllegalStateException(name + " exited with code " + code));
        exit.complete(code);
    }

    private void writeLog(String line) {
        if (log == null) {
            return;
        }
        synchronized (log) {
            try {
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
            } catch (IOException e) {
                // closed after the exit, or the disk is full: the tail in memory still has the line
            }
        }
    }

    private void cleanUpAfterFailedStart() {
        try {
            awaitExit(KILL_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private String details() {
        List<String> lines = lastOutput();
        StringBuilder s = new StringBuilder();
        logFile.ifPresent(f -> s.append(" (full output in ").append(f.toAbsolutePath()).append(")"));
        if (lines.isEmpty()) {
            return s.append("; it printed nothing").toString();
        }
        s.append("; the last ").append(lines.size()).append(" lines of its output:");
        lines.forEach(l -> s.append(System.lineSeparator()).append("  ").append(l));
        return s.toString();
    }

    private static URI loopback(URI uri) {
        String host = uri.getHost();
        if ("0.0.0.0".equals(host) || "[::]".equals(host) || "::".equals(host)) {
            return URI.create("http://127.0.0.1:" + uri.getPort());
        }
        return uri;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("[service-launcher] could not delete " + dir + ": " + e.getMessage());
        }
    }
}
