package dev.durablehooks.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.service.WebhookService;
import dev.durablehooks.service.config.ConfigLoader;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service started in-process on a free port with a temporary DATA_DIR, and a small HTTP client for it. */
public final class RunningService implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final WebhookService service;
    private final String base;

    private RunningService(WebhookService service) {
        this.service = service;
        this.base = service.baseUrl();
    }

    public static RunningService start(Path dataDir, Map<String, String> env) {
        return start(dataDir, env, Clock.systemUTC());
    }

    public static RunningService start(Path dataDir, Map<String, String> env, Clock clock) {
        Map<String, String> all = new HashMap<>(env);
        all.put("PORT", "0");
        all.put("DATA_DIR", dataDir.toString());
        try {
            return new RunningService(WebhookService.start(new ConfigLoader(all, () -> 1L, Runtime.getRuntime().maxMemory()).load(), clock));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return base;
    }

    public Reply post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public Reply postJson(String body, String... headers) {
        return post("/webhook", "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Accepts {@code body} and returns its token. */
    public String accept(String body, String... headers) {
        Reply r = postJson(body, headers);
        assertEquals(202, r.status(), r.body());
        return r.json().get("executionToken").asText();
    }

    /** Waits until the token's status is {@code expected} and returns the status body. */
    public JsonNode awaitStatus(String token, String expected) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = get("/status/" + token).json();
            return expected.equals(last[0].path("status").asText());
        });
        return last[0];
    }

    public WebhookService service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }

    public record Reply(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }
}
