package dev.durablehooks.load.service;

import dev.durablehooks.launcher.LaunchedService;
import dev.durablehooks.launcher.ServiceLauncher;
import dev.durablehooks.load.config.LoadProperties;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service a simulation talks to: the deployment at {@code webhook.baseUrl}, or, when that is not given, the local
 * service jar started in {@code before()} and stopped in {@code after()}. Requests build their URLs through
 * {@link #url(String)} at send time, because the local port is only known once the service is up (after Gatling has
 * already built the scenarios).
 */
public final class ServiceTarget implements AutoCloseable {

    private final Optional<URI> remoteBaseUrl;
    private final Optional<String> secret;
    private final Path serviceJar;
    private final List<String> serviceJvmArgs;
    private final Map<String, String> serviceEnvironment;
    private final Optional<Long> externalPid;
    private final Path logFile;

    private volatile String baseUrl;
    private volatile LaunchedService local;
    private volatile ProcessSampler sampler;

    private ServiceTarget(LoadProperties properties, String simulationName) {
        this.remoteBaseUrl = properties.optional("webhook.baseUrl").map(ServiceTarget::parseBaseUrl);
        Optional<String> configuredSecret = properties.optional("webhook.secret");
        // A locally started service always gets a secret, so that every local run pays for signature checks the way a
        // production deployment does; against a deployment only the secret it was given can be used.
        this.secret = configuredSecret.isPresent() || remoteBaseUrl.isPresent()
                ? configuredSecret
                : Optional.of(randomStandardWebhooksSecret());
        this.serviceJar = Path.of(properties.string("webhook.serviceJar", "../service/target/webhook-service.jar"));
        this.serviceJvmArgs = properties.optional("service.jvmArgs")
                .map(args -> Arrays.asList(args.trim().split("\\s+"))).orElse(List.of());
        this.serviceEnvironment = parseEnvironment(properties.string("service.env", ""));
        this.externalPid = properties.optional("service.pid").map(ServiceTarget::parsePid);
        this.logFile = Path.of(properties.string("load.resultsFolder", "target/gatling"),
                "service-" + simulationName + "-" + System.currentTimeMillis() + ".log");
    }

    public static ServiceTarget fromProperties(LoadProperties properties, String simulationName) {
        return new ServiceTarget(properties, simulationName);
    }

    /** The secret requests are signed with (Standard Webhooks); empty = requests go unsigned. */
    public Optional<String> secret() {
        return secret;
    }

    public boolean isLocal() {
        return remoteBaseUrl.isEmpty();
    }

    /** Starts the local service when there is no base URL; starts sampling the service's CPU and memory if known. */
    public void start() {
        if (remoteBaseUrl.isPresent()) {
            baseUrl = remoteBaseUrl.get().toString();
            System.out.println("[load] target: " + baseUrl + (secret.isPresent() ? " (signed)" : " (unsigned)"));
            externalPid.flatMap(ProcessSampler::start).ifPresent(started -> sampler = started);
            return;
        }
        Map<String, String> environment = new LinkedHashMap<>();
        secret.ifPresent(value -> environment.put("WEBHOOK_SECRET", value));
        environment.putAll(serviceEnvironment);
        // PORT=0 on loopback and a throw-away DATA_DIR (deleted in close()), output (both streams) in logFile.
        local = ServiceLauncher.builder()
                .jar(serviceJar)
                .jvmArgs(serviceJvmArgs)
                .environment(environment)
                .logFile(logFile)
                .startupTimeout(Duration.ofSeconds(60))
                .build()
                .start();
        baseUrl = local.baseUrl().toString();
        System.out.println("[load] started local service " + serviceJar + " (pid " + local.pid() + ") at " + baseUrl
                + ", log " + logFile);
        ProcessSampler.start(local.pid()).ifPresent(started -> sampler = started);
    }

    /** An absolute URL on the target, for a path such as {@code /webhook}. */
    public String url(String path) {
        String base = baseUrl;
        if (base == null) {
            throw new IllegalStateException("The target is not started yet");
        }
        return base + path;
    }

    /** The service's CPU and memory during the window, when the service's process is known (local, or service.pid). */
    public Optional<ProcessSampler.Usage> usageBetween(Instant from, Instant to) {
        ProcessSampler current = sampler;
        return current == null ? Optional.empty() : current.usageBetween(from, to);
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.close();
        }
        if (local != null) {
            local.close();
            System.out.println("[load] stopped local service (log " + logFile + ")");
        }
    }

    private static URI parseBaseUrl(String raw) {
        String trimmed = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("System property webhook.baseUrl=" + raw + " is not a URL", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("System property webhook.baseUrl=" + raw + " must be an http(s) URL");
        }
        return uri;
    }

    private static long parsePid(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("System property service.pid=" + raw + " is not a process id", e);
        }
    }

    /** {@code NAME=value;NAME=value} (semicolons, because values such as secret lists contain commas). */
    static Map<String, String> parseEnvironment(String raw) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : raw.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("System property service.env: entry '" + entry
                        + "' is not NAME=value (entries are separated by ';')");
            }
            environment.put(entry.substring(0, equals).trim(), entry.substring(equals + 1));
        }
        return environment;
    }

    private static String randomStandardWebhooksSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
