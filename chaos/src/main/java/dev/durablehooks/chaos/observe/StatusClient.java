package dev.durablehooks.chaos.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads {@code GET /status/{token}}; empty when the service could not be reached. */
public final class StatusClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUri;

    public StatusClient(HttpClient http, URI baseUri) {
        this.http = Objects.requireNonNull(http, "http");
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
    }

    /** The answer, or empty when unreachable. A status other than 200/404 comes back as {@link Unexpected}. */
    public Optional<StatusObservation> read(String token) throws Unexpected, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        dev.durablehooks.chaos.traffic.WebhookSender.stripSlash(baseUri.toString()) + "/status/" + token))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        if (response.statusCode() == 404) {
            return Optional.of(StatusObservation.notFound(now));
        }
        if (response.statusCode() != 200) {
            throw new Unexpected(response.statusCode(), response.body());
        }
        try {
            return Optional.of(parse(JSON.readTree(response.body()), now));
        } catch (IOException e) {
            throw new Unexpected(200, "unparseable body: " + response.body());
        }
    }

    static StatusObservation parse(JsonNode body, long atMillis) {
        List<StepView> steps = new ArrayList<>();
        for (JsonNode step : body.path("steps")) {
            steps.add(new StepView(step.path("name").asText(""), text(step, "status"), step.path("attempts").asInt(0),
                    text(step, "startedAt"), text(step, "endedAt"), text(step, "error")));
        }
        JsonNode result = body.get("result");
        return new StatusObservation(atMillis, 200, text(body, "status"), text(body, "currentStep"), steps,
                text(body, "error"), result == null || result.isNull() ? null : result, text(body, "completedAt"),
                text(body, "updatedAt"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The status route answered something other than 200 or 404. */
    public static final class Unexpected extends Exception {
        private final int status;

        Unexpected(int status, String body) {
            super("HTTP " + status + ": " + (body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
