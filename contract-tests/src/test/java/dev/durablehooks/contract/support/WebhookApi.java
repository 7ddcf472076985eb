package dev.durablehooks.contract.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's HTTP API as a sender and an operator see it, at one base URL (a stage prefix such as
 * {@code https://x.execute-api.eu-west-1.amazonaws.com/prod} is kept in front of every path).
 */
public final class WebhookApi {

    private final URI baseUrl;
    private final Optional<String> secret;
    private final Duration requestTimeout;
    private final HttpClient http;

    public WebhookApi(URI baseUrl, Optional<String> secret, Duration requestTimeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The same API over a new HTTP client with its own connection pool: for tests whose exchanges may leave a
     * connection unusable, so that they cannot disturb the exchanges of other tests.
     */
    public WebhookApi withOwnConnections() {
        return new WebhookApi(baseUrl, secret, requestTimeout);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The secret deliveries are signed with by {@link #deliverSigned}, when the target has one. */
    public Optional<String> secret() {
        return secret;
    }

    public URI uri(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    /** POST /webhook exactly as given: no signature is added. */
    public ApiResponse deliver(Delivery d) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhook"))
                .timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.contentType().ifPresent(ct -> request.header("Content-Type", ct));
        for (Map.Entry<String, String> h : d.headers().entrySet()) {
            request.header(h.getKey(), h.getValue());
        }
        return send(request.build(), "POST", "/webhook");
    }

    /** Signs with Standard Webhooks (a fresh {@code webhook-id} unless the delivery has one) when there is a secret. */
    public ApiResponse deliverSigned(Delivery d) {
        return deliverSigned(d, SignatureScheme.STANDARD_WEBHOOKS);
    }

    public ApiResponse deliverSigned(Delivery d, SignatureScheme scheme) {
        return deliver(signed(d, scheme));
    }

    /** The delivery as this API would send it signed (unchanged when the target needs no signature). */
    public Delivery signed(Delivery d, SignatureScheme scheme) {
        return secret.map(s -> scheme.sign(d, s, Instant.now())).orElse(d);
    }

    public ApiResponse status(String token) {
        return get("/status/" + token);
    }

    public ApiResponse get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(requestTimeout).GET().build(), "GET",
                pathAndQuery);
    }

    public ApiResponse post(String pathAndQuery, String jsonBody) {
        HttpRequest request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(requestTimeout)
                .header("Content-Type", Delivery.JSON)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)).build();
        return send(request, "POST", pathAndQuery);
    }

    /** Sends any request; a timeout or a dropped connection fails the test (the contract promises an answer). */
    public ApiResponse send(HttpRequest request, String method, String path) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiResponse(method, path, r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }
}
