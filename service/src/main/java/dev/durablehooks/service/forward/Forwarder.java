package dev.durablehooks.service.forward;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * POSTs a payload to the downstream system ({@code FORWARD_URL}), once per call. Classifies the outcome for the
 * durable retry strategy: returns on 2xx, throws {@link ForwardRetryableException} when trying again may help,
 * {@link ForwardFailedException} when it will not.
 */
public final class Forwarder {
    private final HttpClient client;
    private final URI target;
    private final Duration timeout;

    public Forwarder(HttpClient client, URI target, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.target = Objects.requireNonNull(target, "target");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @param attempt 1-based attempt of the process step, sent as {@code X-Webhook-Attempt} */
    public void forward(String token, String payloadJson, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", token)
                .header("X-Webhook-Step", "process")
                .header("X-Webhook-Attempt", Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofString(payloadJson))
                .build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new ForwardRetryableException("Forward failed: downstream did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new ForwardRetryableException("Forward failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForwardRetryableException("Forward failed: interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new ForwardRetryableException("Forward failed: downstream answered " + status,
                    retryAfter(response.headers().firstValue("Retry-After")).orElse(null));
        }
        throw ForwardFailedException.downstreamAnswered(status);
    }

    /** Only the delta-seconds form; an HTTP-date is ignored (the backoff applies). */
    static Optional<Duration> retryAfter(Optional<String> header) {
        return header.map(String::trim).filter(v -> !v.isEmpty() && v.chars().allMatch(Character::isDigit))
                .flatMap(v -> {
                    try {
                        return Optional.of(Duration.ofSeconds(Math.min(Long.parseLong(v), 86_400)));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }
}
