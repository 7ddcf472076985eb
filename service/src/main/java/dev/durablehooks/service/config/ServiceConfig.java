package dev.durablehooks.service.config;

import dev.durablehooks.service.chaos.FaultSpec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the service reads from its environment, validated once at start. A value that cannot be used
 * fails construction with a {@link ConfigException} naming its variable.
 *
 * @param secrets          empty = signatures not required
 * @param forwardUrl       empty = the process step does not forward
 * @param chaos            empty = fault injection off
 */
public record ServiceConfig(
        int port,
        String bindAddress,
        Path dataDir,
        List<String> secrets,
        int maxBodyBytes,
        Duration retention,
        Duration dedupWindow,
        Optional<URI> forwardUrl,
        Duration forwardTimeout,
        int forwardMaxAttempts,
        Duration forwardRetryInitial,
        Duration forwardRetryMax,
        int maxBacklog,
        long maxBacklogBytes,
        long maxIntakeBytes,
        long maxRunningHeapBytes,
        int maxConcurrentExecutions,
        Duration sweepInterval,
        String environment,
        String eventsTableName,
        Optional<FaultSpec> chaos) {

    public ServiceConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDir, "dataDir");
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        Objects.requireNonNull(forwardUrl, "forwardUrl");
        Objects.requireNonNull(forwardTimeout, "forwardTimeout");
        Objects.requireNonNull(forwardRetryInitial, "forwardRetryInitial");
        Objects.requireNonNull(forwardRetryMax, "forwardRetryMax");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(chaos, "chaos");
        if (port < 0 || port > 65535) {
            throw new ConfigException("PORT", "must be 0..65535, was " + port);
        }
        if (maxBodyBytes < 1) {
            throw new ConfigException("MAX_BODY_BYTES", "must be at least 1, was " + maxBodyBytes);
        }
        if (maxBacklog < 1) {
            throw new ConfigException("MAX_BACKLOG", "must be at least 1, was " + maxBacklog);
        }
        if (maxBacklogBytes < 1) {
            throw new ConfigException("MAX_BACKLOG_BYTES", "must be at least 1, was " + maxBacklogBytes);
        }
        if (maxIntakeBytes < 1) {
            throw new ConfigException("MAX_INTAKE_BYTES", "must be at least 1, was " + maxIntakeBytes);
        }
        if (maxRunningHeapBytes < 1) {
            throw new ConfigException("MAX_RUNNING_HEAP_BYTES", "must be at least 1, was " + maxRunningHeapBytes);
        }
        if (maxConcurrentExecutions < 1) {
            throw new ConfigException("MAX_CONCURRENT_EXECUTIONS", "must be at least 1, was " + maxConcurrentExecutions);
        }
        if (forwardRetryMax.compareTo(forwardRetryInitial) < 0) {
            throw new ConfigException("FORWARD_RETRY_MAX_SECONDS", "must not be less than FORWARD_RETRY_INITIAL_SECONDS");
        }
    }

    /** The database file inside {@link #dataDir()}. */
    public Path databaseFile() {
        return dataDir.resolve("webhooks.db");
    }

    public boolean signaturesRequired() {
        return !secrets.isEmpty();
    }
}
