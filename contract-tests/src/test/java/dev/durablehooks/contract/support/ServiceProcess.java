package dev.durablehooks.contract.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The webhook service running as a child JVM from its built jar, exactly as an operator starts it. The suite reads the
 * real port from the one {@code Listening on http://host:port} line the service prints when it accepts requests.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("^Listening on (http://\\S+?)/?$");

    /** Every variable the service reads: none of them may leak in from the environment the build runs in. */
    private static final Set<String> SERVICE_VARIABLES = Set.of("PORT", "BIND_ADDRESS", "DATA_DIR", "WEBHOOK_SECRET",
            "MAX_BODY_BYTES", "RETENTION_DAYS", "RETENTION_SECONDS", "DEDUP_DAYS", "FORWARD_URL", "FORWARD_TIMEOUT_MS",
            "FORWARD_MAX_ATTEMPTS", "FORWARD_RETRY_INITIAL_SECONDS", "FORWARD_RETRY_MAX_SECONDS", "MAX_BACKLOG",
            "SWEEP_INTERVAL_SECONDS", "ENVIRONMENT", "EVENTS_TABLE_NAME", "STORE", "DYNAMODB_ENDPOINT", "AWS_REGION",
            "CHAOS_FAULTS", "CHAOS_SEED");

    private final String name;
    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final Writer logWriter;
    private final URI baseUrl;
    private final Thread shutdownHook;

    private ServiceProcess(String name, Process process, Path dataDir, Path log, Writer logWriter, URI baseUrl,
            Thread shutdownHook) {
        this.name = name;
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.logWriter = logWriter;
        this.baseUrl = baseUrl;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts the jar with {@code environment} on top of a scrubbed copy of ours (PORT=0 and a fresh DATA_DIR are
     * added unless given) and waits until it listens.
     */
    public static ServiceProcess start(Path jar, String name, Map<String, String> environment, Path logDir,
            Duration startupTimeout) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("service jar not found at " + jar.toAbsolutePath()
                    + ": build it first (mvn -pl service -am package -DskipTests), or pass -Dwebhook.baseUrl");
        }
        try {
            Files.createDirectories(logDir);
            Path dataDir = environment.containsKey("DATA_DIR") ? Path.of(environment.get("DATA_DIR"))
                    : Files.createTempDirectory("webhook-contract-" + name + "-");
            Path log = Files.createTempFile(logDir, name + "-", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx384m", "-jar",
                    jar.toAbsolutePath().toString());
            Map<String, String> env = builder.environment();
            env.keySet().removeAll(SERVICE_VARIABLES);
            env.remove("JAVA_TOOL_OPTIONS");
            env.put("PORT", "0");
            env.put("BIND_ADDRESS", "127.0.0.1");
            env.put("DATA_DIR", dataDir.toString());
            env.putAll(environment);
            Process process = builder.start();
            Thread hook = new Thread(process::destroyForcibly, "stop-service-" + name);
            Runtime.getRuntime().addShutdownHook(hook);

            Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            CompletableFuture<URI> listening = new CompletableFuture<>();
            pump(process.getInputStream(), logWriter, "out", listening, name + "-stdout");
            pump(process.getErrorStream(), logWriter, "err", null, name + "-stderr");
            process.onExit().thenRun(() -> listening.completeExceptionally(new IllegalStateException(
                    "service '" + name + "' exited with " + process.exitValue() + " before listening")));
            URI baseUrl;
            try {
                baseUrl = listening.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                Runtime.getRuntime().removeShutdownHook(hook);
                String output = tail(log);
                synchronized (logWriter) {
                    logWriter.close();
                }
                throw new IllegalStateException("service '" + name + "' did not start within " + startupTimeout
                        + " (" + (e.getCause() == null ? e : e.getCause()).getMessage() + "); its output:\n"
                        + output, e);
            }
            return new ServiceProcess(name, process, dataDir, log, logWriter, baseUrl, hook);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start service '" + name + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting service '" + name + "'", e);
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

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
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway; nothing left to undo
        }
        synchronized (logWriter) {
            try {
                logWriter.close();
            } catch (IOException e) {
                System.err.println("[contract-tests] could not close " + log + ": " + e.getMessage());
            }
        }
        deleteRecursively(dataDir);
    }

    private static void pump(InputStream in, Writer log, String stream, CompletableFuture<URI> listening,
            String threadName) {
        Thread.ofPlatform().daemon().name(threadName).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (log) {
                        log.write(stream + "| " + line + System.lineSeparator());
                        log.flush();
                    }
                    if (listening != null && !listening.isDone()) {
                        Matcher m = LISTENING.matcher(line.strip());
                        if (m.matches()) {
                            listening.complete(loopback(URI.create(m.group(1))));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone; its exit is reported through onExit
            }
        });
    }

    private static URI loopback(URI uri) {
        String host = uri.getHost();
        if ("0.0.0.0".equals(host) || "[::]".equals(host) || "::".equals(host)) {
            return URI.create("http://127.0.0.1:" + uri.getPort());
        }
        return uri;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("[contract-tests] could not delete " + dir + ": " + e.getMessage());
        }
    }
}
