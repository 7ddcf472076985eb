package dev.durablehooks.service.config;

import dev.durablehooks.service.chaos.FaultSpec;
import dev.durablehooks.service.payload.PayloadParser;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Reads {@link ServiceConfig} from environment variables; the one place where configuration is parsed. */
public final class ConfigLoader {
    private static final long MAX_DAYS = 36_500;
    /** Absorbs a 10 s burst at intake's saturation (~20,000/s, of which ~6,000/s complete meanwhile). */
    private static final int DEFAULT_MAX_BACKLOG = 250_000;
    private static final int DEFAULT_CONCURRENT_EXECUTIONS = 64;
    private static final int DEFAULT_CONCURRENT_EXECUTIONS_FORWARDING = 512;

    private final Map<String, String> env;
    private final LongSupplier seedSource;
    private final long heapBytes;

    /**
     * @param seedSource where the chaos seed comes from when {@code CHAOS_SEED} is not set
     * @param heapBytes  the heap the service may grow to ({@link Runtime#maxMemory()}): by default the backlog and
     *                   the running executions may hold a quarter of it each, request bodies being received an eighth
     *                   (at {@link PayloadParser#HEAP_PER_PAYLOAD_BYTE} bytes per byte of body)
     */
    public ConfigLoader(Map<String, String> env, LongSupplier seedSource, long heapBytes) {
        if (heapBytes < 4) {
            throw new IllegalArgumentException("heapBytes must be at least 4, was " + heapBytes);
        }
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.seedSource = Objects.requireNonNull(seedSource, "seedSource");
        this.heapBytes = heapBytes;
    }

    public ServiceConfig load() {
        String store = text("STORE", "sqlite").toLowerCase(Locale.ROOT);
        switch (store) {
            case "sqlite" -> { }
            case "dynamodb" -> throw new ConfigException("STORE",
                    "dynamodb is not supported yet by this service; use sqlite (the default)");
            default -> throw new ConfigException("STORE", "must be sqlite or dynamodb, was '" + store + "'");
        }
        int port = integer("PORT", 8080, 0, 65535);
        String bindAddress = text("BIND_ADDRESS", "127.0.0.1");
        if (bindAddress.isBlank()) {
            throw new ConfigException("BIND_ADDRESS", "must not be blank");
        }
        Path dataDir;
        try {
            dataDir = Path.of(text("DATA_DIR", "./data"));
        } catch (InvalidPathException e) {
            throw new ConfigException("DATA_DIR", "is not a valid path: " + e.getMessage());
        }
        List<String> secrets = secrets();
        // The durable input limit (6 MB) bounds the body: the payload travels as the execution input.
        int maxBody = integer("MAX_BODY_BYTES", 262_144, 1, 6 * 1000 * 1000);
        Duration retention = env.containsKey("RETENTION_SECONDS") && !env.get("RETENTION_SECONDS").isBlank()
                ? Duration.ofSeconds(longValue("RETENTION_SECONDS", 0, 1, MAX_DAYS * 86_400))
                : Duration.ofDays(longValue("RETENTION_DAYS", 7, 1, MAX_DAYS));
        Duration dedup = Duration.ofDays(longValue("DEDUP_DAYS", 4, 1, MAX_DAYS));
        Optional<URI> forwardUrl = forwardUrl();
        Duration forwardTimeout = Duration.ofMillis(longValue("FORWARD_TIMEOUT_MS", 5000, 1, 900_000));
        int forwardMaxAttempts = integer("FORWARD_MAX_ATTEMPTS", 6, 1, 100);
        Duration retryInitial = Duration.ofSeconds(longValue("FORWARD_RETRY_INITIAL_SECONDS", 5, 1, 86_400));
        Duration retryMax = Duration.ofSeconds(longValue("FORWARD_RETRY_MAX_SECONDS", 60, 1, 86_400));
        int maxBacklog = integer("MAX_BACKLOG", DEFAULT_MAX_BACKLOG, 1, Integer.MAX_VALUE);
        long maxBacklogBytes = longValue("MAX_BACKLOG_BYTES", heapBytes / 4, 1, Long.MAX_VALUE);
        // Intake holds up to HEAP_PER_PAYLOAD_BYTE times a body's size while it reads, checks and stores it: at most an
        // eighth of the heap, beside a quarter each for the backlog and the running executions.
        long maxIntakeBytes = longValue("MAX_INTAKE_BYTES",
                Math.max(1, heapBytes / 8 / PayloadParser.HEAP_PER_PAYLOAD_BYTE), 1, Long.MAX_VALUE);
        long maxRunningBytes = longValue("MAX_RUNNING_HEAP_BYTES", Math.max(1, heapBytes / 4), 1, Long.MAX_VALUE);
        // An execution that forwards spends most of its time waiting on the downstream, not on this process.
        int maxConcurrent = integer("MAX_CONCURRENT_EXECUTIONS", forwardUrl.isPresent()
                ? DEFAULT_CONCURRENT_EXECUTIONS_FORWARDING : DEFAULT_CONCURRENT_EXECUTIONS, 1, 100_000);
        Duration sweep = Duration.ofSeconds(longValue("SWEEP_INTERVAL_SECONDS", 60, 1, 86_400));
        String environment = text("ENVIRONMENT", "local");
        String eventsTable = text("EVENTS_TABLE_NAME", "webhook-events");
        Optional<FaultSpec> chaos = chaos(environment);
        return new ServiceConfig(port, bindAddress, dataDir, secrets, maxBody, retention, dedup, forwardUrl,
                forwardTimeout, forwardMaxAttempts, retryInitial, retryMax, maxBacklog, maxBacklogBytes, maxIntakeBytes,
                maxRunningBytes, maxConcurrent, sweep, environment, eventsTable, chaos);
    }

    private List<String> secrets() {
        String raw = text("WEBHOOK_SECRET", "");
        if (raw.isBlank()) {
            return List.of();
        }
        List<String> secrets = Arrays.stream(raw.split(",")).map(String::trim).toList();
        if (secrets.stream().anyMatch(String::isEmpty)) {
            throw new ConfigException("WEBHOOK_SECRET", "contains an empty secret in its comma-separated list");
        }
        return secrets;
    }

    private Optional<URI> forwardUrl() {
        String raw = text("FORWARD_URL", "");
        if (raw.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException("FORWARD_URL", "must be an absolute http(s) URL, was '" + raw + "'");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException("FORWARD_URL", "is not a valid URL: " + e.getMessage());
        }
    }

    private Optional<FaultSpec> chaos(String environment) {
        String spec = text("CHAOS_FAULTS", "");
        if (spec.isBlank()) {
            return Optional.empty();
        }
        String envName = environment.toLowerCase(Locale.ROOT);
        if (envName.equals("prod") || envName.equals("production")) {
            throw new ConfigException("CHAOS_FAULTS", "fault injection is refused when ENVIRONMENT is " + environment);
        }
        long seed = env.containsKey("CHAOS_SEED") && !env.get("CHAOS_SEED").isBlank()
                ? longValue("CHAOS_SEED", 0, Long.MIN_VALUE, Long.MAX_VALUE)
                : seedSource.getAsLong();
        try {
            return Optional.of(FaultSpec.parse(spec, seed));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CHAOS_FAULTS", e.getMessage());
        }
    }

    private String text(String name, String fallback) {
        String value = env.get(name);
        return value == null ? fallback : value;
    }

    private int integer(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    private long longValue(String name, long fallback, long min, long max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, was '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
