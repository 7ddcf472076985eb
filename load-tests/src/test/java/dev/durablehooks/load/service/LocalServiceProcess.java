package dev.durablehooks.load.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The service jar run as a child process on an OS-chosen loopback port and a throw-away data directory, the way the
 * contract says to launch it ({@code PORT=0}, wait for the one {@code Listening on} line).
 */
public final class LocalServiceProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("^Listening on (http://\\S+?)/?$");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI baseUrl;
    private final Path dataDir;
    private final Path logFile;

    private LocalServiceProcess(Process process, URI baseUrl, Path dataDir, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java [jvmArgs] -jar jar} with {@code PORT=0}, {@code BIND_ADDRESS=127.0.0.1}, a fresh
     * {@code DATA_DIR} and the given extra environment; returns once the service printed its URL. Its output (both
     * streams) goes to {@code logFile}.
     */
    public static LocalServiceProcess start(Path jar, List<String> jvmArgs, Map<String, String> environment, Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Service jar " + jar.toAbsolutePath().normalize()
                    + " does not exist: build it first with `mvn -q -DskipTests package`, or pass -Dwebhook.baseUrl=<url>");
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("load-tests-data-");
            Files.createDirectories(logFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PORT", "0");
        builder.environment().put("BIND_ADDRESS", "127.0.0.1");
        builder.environment().put("DATA_DIR", dataDir.toString());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpOutput(process.getInputStream(), logFile, listening), "service-output");
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> listening.completeExceptionally(new IllegalStateException(
                "Service exited with code " + process.exitValue() + " before listening; see " + logFile)));
        try {
            URI url = listening.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new LocalServiceProcess(process, url, dataDir, logFile);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            process.destroyForcibly();
            deleteRecursively(dataDir);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Service did not print `Listening on http://...` within " + STARTUP_TIMEOUT
                    + ": " + cause.getMessage() + " (log: " + logFile + ")", cause);
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the service (SIGTERM, then SIGKILL after 10 s) and deletes its data directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void pumpOutput(InputStream output, Path logFile, CompletableFuture<URI> listening) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.println(line);
                Matcher matcher = LISTENING.matcher(line.strip());
                if (!listening.isDone() && matcher.matches()) {
                    listening.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is not worth failing a load run for.
        }
    }
}
