package dev.durablehooks.chaos.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends deliveries like a well-behaved webhook sender: a keyed delivery is retried until it is answered (the service
 * may be down or die mid-request; the key makes the retry safe), an unkeyed one only while nothing can have reached
 * the service (connection refused). A 503 is retried after its Retry-After (capped at one second).
 */
public final class WebhookSender {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI webhookUri;
    private final Optional<Signer> signer;
    private final TrafficLog log;
    private final long giveUpAtMillis;

    public WebhookSender(HttpClient http, URI baseUri, Optional<Signer> signer, TrafficLog log, long giveUpAtMillis) {
        this.http = Objects.requireNonNull(http, "http");
        this.webhookUri = URI.create(stripSlash(baseUri.toString()) + "/webhook");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.log = Objects.requireNonNull(log, "log");
        this.giveUpAtMillis = giveUpAtMillis;
    }

    /** Blocks until the delivery is answered, given up on, or the drill's deadline passes. */
    public void send(Delivery delivery) {
        log.sent();
        int failures = 0;
        while (System.currentTimeMillis() < giveUpAtMillis && !Thread.currentThread().isInterrupted()) {
            HttpResponse<String> response;
            try {
                response = http.send(request(delivery), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                log.transportRetry();
                pause(backoff(++failures));
                continue;
            } catch (IOException e) {
                if (!delivery.keyed()) {
                    log.ambiguous();
                    return;
                }
                log.transportRetry();
                pause(backoff(++failures));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (handle(delivery, response)) {
                return;
            }
        }
        if (!Thread.currentThread().isInterrupted()) {
            log.anomaly(new IntakeAnomaly(IntakeAnomaly.Kind.UNANSWERED, delivery.id(), 0,
                    "no 202 or 4xx before the drill's deadline (" + failures + " transport failures)",
                    System.currentTimeMillis()));
        }
    }

    /** 50 ms doubling to 800 ms: quick after a restart, without hammering a dead port (and a starting JVM). */
    private static long backoff(int failures) {
        return Math.min(800, 50L << Math.min(failures - 1, 4));
    }

    /** @return true when the delivery is settled, false to retry it */
    private boolean handle(Delivery delivery, HttpResponse<String> response) {
        int status = response.statusCode();
        long now = System.currentTimeMillis();
        Expectation expected = delivery.expectation();
        if (status == 202) {
            Optional<JsonNode> body = parse(response.body());
            String token = body.map(b -> b.path("executionToken").asText(null)).orElse(null);
            if (token == null) {
                log.anomaly(new IntakeAnomaly(IntakeAnomaly.Kind.SERVER_ERROR, delivery.id(), status,
                        "202 without executionToken: " + abbreviate(response.body()), now));
                return true;
            }
            if (!expected.accepted()) {
                log.anomaly(new IntakeAnomaly(IntakeAnomaly.Kind.BAD_INPUT_ACCEPTED, delivery.id(), status,
                        "expected " + expected.intakeStatus() + ", token " + token, now));
                return true;
            }
            boolean duplicate = body.map(b -> b.path("duplicate").asBoolean(false)).orElse(false);
            log.accepted(new Acceptance(delivery.id(), delivery.dedupKey(), token, expected, now, duplicate));
            return true;
        }
        if (status == 503 && response.headers().firstValue("Retry-After").isPresent()) {
            long seconds = response.headers().firstValue("Retry-After").map(WebhookSender::seconds).orElse(1L);
            pause(Math.min(1000, Math.max(100, seconds * 1000)));
            return false;
        }
        if (status >= 500) {
            log.anomaly(new IntakeAnomaly(IntakeAnomaly.Kind.SERVER_ERROR, delivery.id(), status,
                    abbreviate(response.body()), now));
            return !delivery.keyed();
        }
        if (status == 409) {
            log.anomaly(new IntakeAnomaly(IntakeAnomaly.Kind.DEDUP_CONFLICT, delivery.id(), status,
                    abbreviate(response.body()), now));
            return true;
        }
        if (!expected.accepted() && expected.intakeStatus() == status) {
            log.rejectedAsExpected();
        } else {
            IntakeAnomaly.Kind kind = expected.accepted() ? IntakeAnomaly.Kind.VALID_REJECTED : IntakeAnomaly.Kind.WRONG_REJECTION;
            log.anomaly(new IntakeAnomaly(kind, delivery.id(), status, "expected "
                    + (expected.accepted() ? 202 : expected.intakeStatus()) + ": " + abbreviate(response.body()), now));
        }
        return true;
    }

    private HttpRequest request(Delivery delivery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(webhookUri)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8));
        if (delivery.dedupKey() != null) {
            builder.header(delivery.scheme().keyHeader(), delivery.dedupKey());
        }
        signer.ifPresent(s -> {
            Map<String, String> headers = s.headers(delivery.scheme(), delivery.dedupKey(), delivery.body(),
                    System.currentTimeMillis() / 1000, delivery.badSignature());
            headers.forEach(builder::header);
        });
        return builder.build();
    }

    /** {@code https://host/prod/} and {@code https://host/prod} both mean the stage {@code /prod}. */
    public static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            return Optional.ofNullable(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
