package dev.durablehooks.launcher;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to run the webhook service as a child JVM, as an immutable value: the jar (or a main class on a class path), JVM
 * options, port, data dir, environment, log file and timeouts. {@link #start()} launches it and returns once the
 * service printed its {@code Listening on http://host:port} line; the returned {@link LaunchedService} stops or kills
 * it. One launcher can start any number of services, one after the other or side by side.
 *
 * <pre>{@code
 * ServiceLauncher launcher = ServiceLauncher.builder()
 *         .jar(Path.of("service/target/webhook-service.jar"))
 *         .environment(Map.of("WEBHOOK_SECRET", "whsec_..."))
 *         .logFile(Path.of("target/service.log"))
 *         .build();
 * try (LaunchedService service = launcher.start()) {
 *     URI baseUrl = service.baseUrl();           // http://127.0.0.1:<the port the OS chose>
 * }                                              // SIGTERM, SIGKILL after stopTimeout; temp data dir deleted
 * }</pre>
 *
 * <p>The child's environment is this JVM's minus every variable the service reads ({@link #SERVICE_VARIABLES}) and
 * minus {@code JAVA_TOOL_OPTIONS}/{@code JDK_JAVA_OPTIONS}, then {@code PORT}, {@code BIND_ADDRESS} and
 * {@code DATA_DIR} from this launcher, then {@link Builder#environment(Map)} on top (its entries win, including
 * {@code PORT} and {@code DATA_DIR}). Nothing from the shell the build runs in configures the service by accident.
 */
public final class ServiceLauncher {

    /** Every environment variable the service reads; none of them is inherited from this JVM's environment. */
    public static final Set<String> SERVICE_VARIABLES = Set.of("PORT", "BIND_ADDRESS", "DATA_DIR", "WEBHOOK_SECRET",
            "MAX_BODY_BYTES", "RETENTION_DAYS", "RETENTION_SECONDS", "DEDUP_DAYS", "FORWARD_URL", "FORWARD_TIMEOUT_MS",
            "FORWARD_MAX_ATTEMPTS", "FORWARD_RETRY_INITIAL_SECONDS", "FORWARD_RETRY_MAX_SECONDS", "MAX_BACKLOG",
            "SWEEP_INTERVAL_SECONDS", "ENVIRONMENT", "EVENTS_TABLE_NAME", "STORE", "DYNAMODB_ENDPOINT", "AWS_REGION",
            "CHAOS_FAULTS", "CHAOS_SEED");

    /** JVM options only come from {@link Builder#jvmArgs(List)}, never from these variables of the parent. */
    private static final Set<String> JVM_OPTION_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    /** What to run the service's jar with when it is missing: the one command that builds it. */
    static final String BUILD_COMMAND = "mvn -q -DskipTests package";

    /** Which stream of the child a line came from. */
    public enum Stream {
        STDOUT("out"), STDERR("err");

        private final String tag;

        Stream(String tag) {
            this.tag = tag;
        }

        /** {@code out} or {@code err}: the prefix of the stream's lines in the log file. */
        public String tag() {
            return tag;
        }
    }

    /**
     * Receives every line the child prints, in order per stream, on the thread that reads that stream; must not
     * block for long. Every line is delivered before {@link LaunchedService#onExit()} completes.
     */
    @FunctionalInterface
    public interface OutputListener {
        void line(Stream stream, String line);
    }

    private final String name;
    private final Path jar;
    private final String classpath;
    private final String mainClass;
    private final List<String> jvmArgs;
    private final int port;
    private final String bindAddress;
    private final Path dataDir;
    private final Map<String, String> environment;
    private final Path logFile;
    private final Duration startupTimeout;
    private final Duration stopTimeout;
    private final OutputListener outputListener;

    private ServiceLauncher(Builder b) {
        this.name = b.name;
        this.jar = b.jar;
        this.classpath = b.classpath;
        this.mainClass = b.mainClass;
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.dataDir = b.dataDir;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.logFile = b.logFile;
        this.startupTimeout = b.startupTimeout;
        this.stopTimeout = b.stopTimeout;
        this.outputListener = b.outputListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this launcher's settings, to derive a launcher that differs in a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.jar = jar;
        b.classpath = classpath;
        b.mainClass = mainClass;
        b.jvmArgs = new ArrayList<>(jvmArgs);
        b.port = port;
        b.bindAddress = bindAddress;
        b.dataDir = dataDir;
        b.environment = new LinkedHashMap<>(environment);
        b.logFile = logFile;
        b.startupTimeout = startupTimeout;
        b.stopTimeout = stopTimeout;
        b.outputListener = outputListener;
        return b;
    }

    public String name() {
        return name;
    }

    /** The jar started with {@code java -jar}; empty when a main class on a class path is started instead. */
    public Optional<Path> jar() {
        return Optional.ofNullable(jar);
    }

    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /** The environment given to the builder (on top of the defaults; see the class comment). */
    public Map<String, String> environment() {
        return environment;
    }

    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }

    /**
     * Starts the service and blocks until it printed its {@code Listening on} line on stdout.
     *
     * @throws IllegalStateException when the jar is (now) missing (naming its path and the command that builds it), when
     *     the child exits before listening (with its exit code and the last lines of its output) or does not listen
     *     within the startup timeout (it is killed; same details); a data dir this launcher created is deleted then
     * @throws UncheckedIOException when the data dir, the log file or the process cannot be created
     */
    public LaunchedService start() {
        requireJar(jar);
        List<String> command = command();
        boolean ownsDataDir = dataDir == null && !environment.containsKey("DATA_DIR");
        Path effectiveDataDir;
        try {
            effectiveDataDir = ownsDataDir ? Files.createTempDirectory(name + "-data-")
                    : Path.of(environment.getOrDefault("DATA_DIR", String.valueOf(dataDir)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a data dir for " + name, e);
        }
        BufferedWriter log = null;
        Process process;
        try {
            if (logFile != null) {
                Path parent = logFile.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> env = builder.environment();
            env.keySet().removeAll(SERVICE_VARIABLES);
            env.keySet().removeAll(JVM_OPTION_VARIABLES);
            env.put("PORT", Integer.toString(port));
            env.put("BIND_ADDRESS", bindAddress);
            env.put("DATA_DIR", effectiveDataDir.toString());
            env.putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            closeQuietly(log);
            if (ownsDataDir) {
                LaunchedService.deleteRecursively(effectiveDataDir);
            }
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), e);
        }
        return LaunchedService.awaitListening(this, process, command, effectiveDataDir, ownsDataDir, log,
                outputListener);
    }

    private static void requireJar(Path jar) {
        if (jar != null && !Files.isRegularFile(jar)) {
            throw new IllegalStateException("service jar not found: " + jar.toAbsolutePath().normalize()
                    + " does not exist; build it first: run `" + BUILD_COMMAND + "` in the project root");
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        if (jar != null) {
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
        } else {
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
        }
        return command;
    }

    private static void closeQuietly(BufferedWriter log) {
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing was written yet
            }
        }
    }

    @Override
    public String toString() {
        return "ServiceLauncher[" + name + ", " + (jar != null ? "jar " + jar : "main class " + mainClass) + "]";
    }

    /** Settings of a {@link ServiceLauncher}; every one has a default except what to run (jar or main class). */
    public static final class Builder {
        private String name = "webhook-service";
        private Path jar;
        private String classpath;
        private String mainClass;
        private List<String> jvmArgs = new ArrayList<>();
        private int port;
        private String bindAddress = "127.0.0.1";
        private Path dataDir;
        private Map<String, String> environment = new LinkedHashMap<>();
        private Path logFile;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private OutputListener outputListener;

        private Builder() {
        }

        /** Names the service in thread names, log headers and error messages (and its temp data dir). */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** Runs {@code java [jvmArgs] -jar jar}. */
        public Builder jar(Path jar) {
            this.jar = Objects.requireNonNull(jar, "jar");
            this.classpath = null;
            this.mainClass = null;
            return this;
        }

        /** Runs {@code java [jvmArgs] -cp classpath mainClass} instead of a jar (the service's own tests do). */
        public Builder mainClass(String mainClass, String classpath) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            this.jar = null;
            return this;
        }

        /** JVM options placed before {@code -jar}/{@code -cp}, e.g. {@code -Xmx384m}. Default: none. */
        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = new ArrayList<>(Objects.requireNonNull(jvmArgs, "jvmArgs"));
            return this;
        }

        public Builder jvmArgs(String... jvmArgs) {
            return jvmArgs(List.of(jvmArgs));
        }

        /** {@code PORT}; default 0 = a free port chosen by the OS, read back from the Listening line. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** {@code BIND_ADDRESS}; default 127.0.0.1. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * {@code DATA_DIR}, kept after the service stops (so a restart on it resumes). Default: a fresh temp dir per
         * start, deleted by {@link LaunchedService#close()}.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Replaces the extra environment: on top of the defaults, winning over them. An empty value is passed on. */
        public Builder environment(Map<String, String> environment) {
            Objects.requireNonNull(environment, "environment");
            this.environment = new LinkedHashMap<>();
            return putAllEnvironment(environment);
        }

        /** Adds to the extra environment (a later value for the same name wins). */
        public Builder putAllEnvironment(Map<String, String> environment) {
            environment.forEach(this::putEnvironment);
            return this;
        }

        public Builder putEnvironment(String name, String value) {
            this.environment.put(Objects.requireNonNull(name, "environment name"),
                    Objects.requireNonNull(value, () -> "environment value of " + name));
            return this;
        }

        /**
         * Appends both output streams to this file, as {@code out| line} and {@code err| line}, after a
         * {@code === <name> pid <pid> started <instant>} header per start. Default: no file (the last lines are still
         * kept in memory for error messages).
         */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile");
            return this;
        }

        /** How long {@link #start()} waits for the Listening line before it kills the child. Default 60 s. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = positive(startupTimeout, "startupTimeout");
            return this;
        }

        /** How long {@link LaunchedService#stop()} waits after SIGTERM before SIGKILL. Default 10 s. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = positive(stopTimeout, "stopTimeout");
            return this;
        }

        /** Also hands every output line to this listener (e.g. to watch stderr for a marker). Default: none. */
        public Builder outputListener(OutputListener outputListener) {
            this.outputListener = Objects.requireNonNull(outputListener, "outputListener");
            return this;
        }

        /**
         * @throws IllegalStateException when there is nothing to launch, or the jar does not exist (naming its path and
         *     the command that builds it; {@link #start()} checks again)
         */
        public ServiceLauncher build() {
            if (jar == null && mainClass == null) {
                throw new IllegalStateException("nothing to launch: set jar(Path) or mainClass(String, String)");
            }
            requireJar(jar);
            return new ServiceLauncher(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
