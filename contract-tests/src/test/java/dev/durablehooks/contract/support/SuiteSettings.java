package dev.durablehooks.contract.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the suite was asked to test, read once from system properties.
 *
 * <ul>
 *   <li>{@code webhook.baseUrl}: a deployed base URL (stage prefix allowed); absent = start the service locally</li>
 *   <li>{@code webhook.secret}: the deployment's WEBHOOK_SECRET (first one, when rotating)</li>
 *   <li>{@code webhook.pollInterval}, {@code webhook.pollTimeout}: status polling (e.g. {@code 250ms}, {@code 90s})</li>
 *   <li>{@code webhook.requestTimeout}: bound on every single HTTP exchange</li>
 *   <li>{@code webhook.serviceJar}: the jar to start locally (set by the pom)</li>
 *   <li>{@code fuzz.seed}: replays a fuzz run</li>
 * </ul>
 */
public record SuiteSettings(
        Optional<URI> baseUrl,
        Optional<String> secret,
        Duration pollInterval,
        Duration pollTimeout,
        Duration requestTimeout,
        Path serviceJar,
        Path logDir,
        OptionalLong fuzzSeed) {

    public SuiteSettings {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("webhook.pollInterval must be positive: " + pollInterval);
        }
        if (pollTimeout.compareTo(pollInterval) <= 0) {
            throw new IllegalArgumentException("webhook.pollTimeout must exceed webhook.pollInterval");
        }
    }

    public static SuiteSettings fromSystemProperties() {
        Optional<URI> baseUrl = property("webhook.baseUrl").map(SuiteSettings::baseUri);
        boolean remote = baseUrl.isPresent();
        // A cold Lambda plus a durable replay can take tens of seconds; a local service answers in milliseconds.
        Duration interval = property("webhook.pollInterval").map(SuiteSettings::duration)
                .orElse(remote ? Duration.ofMillis(500) : Duration.ofMillis(25));
        Duration timeout = property("webhook.pollTimeout").map(SuiteSettings::duration)
                .orElse(remote ? Duration.ofSeconds(120) : Duration.ofSeconds(45));
        Duration requestTimeout = property("webhook.requestTimeout").map(SuiteSettings::duration)
                .orElse(remote ? Duration.ofSeconds(30) : Duration.ofSeconds(15));
        Path jar = Path.of(property("webhook.serviceJar").orElse("../service/target/webhook-service.jar"));
        Path logDir = Path.of(property("webhook.logDir").orElse("target/service-logs"));
        OptionalLong seed = property("fuzz.seed").map(s -> OptionalLong.of(Long.parseLong(s)))
                .orElse(OptionalLong.empty());
        return new SuiteSettings(baseUrl, property("webhook.secret"), interval, timeout, requestTimeout, jar, logDir,
                seed);
    }

    public boolean remote() {
        return baseUrl.isPresent();
    }

    private static Optional<String> property(String name) {
        return Optional.ofNullable(System.getProperty(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static URI baseUri(String text) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        URI uri = URI.create(trimmed);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("webhook.baseUrl must be an absolute http(s) URL: " + text);
        }
        return uri;
    }

    /** Accepts {@code 250ms}, {@code 30s}, {@code 2m}, ISO-8601 ({@code PT30S}) or plain milliseconds. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            return Duration.parse(text.strip());
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofMillis(Long.parseLong(t));
    }
}
