package dev.durablehooks.contract.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Polls GET /status/{token} with Awaitility, recording every status seen and checking each body against the status
 * schema and the no-regression rule as it goes.
 */
public final class StatusPoller {

    private final WebhookApi api;
    private final Duration interval;
    private final Duration timeout;

    public StatusPoller(WebhookApi api, Duration interval, Duration timeout) {
        this.api = api;
        this.interval = interval;
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public StatusHistory awaitTerminal(String token) {
        return awaitUntil(token, body -> StatusHistory.isTerminal(body.path("status").asText()),
                "a terminal status");
    }

    public StatusHistory awaitCompleted(String token) {
        StatusHistory h = awaitTerminal(token);
        if (!"COMPLETED".equals(h.finalStatus())) {
            throw new AssertionError("execution " + token + " ended " + h.finalStatus() + ", expected COMPLETED: "
                    + h.last());
        }
        return h;
    }

    public StatusHistory awaitFailed(String token) {
        StatusHistory h = awaitTerminal(token);
        if (!"FAILED".equals(h.finalStatus())) {
            throw new AssertionError("execution " + token + " ended " + h.finalStatus() + ", expected FAILED: "
                    + h.last());
        }
        return h;
    }

    public StatusHistory awaitUntil(String token, Predicate<JsonNode> condition, String description) {
        List<String> observed = new ArrayList<>();
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("execution " + token + " reaches " + description)
                .pollDelay(Duration.ZERO)
                .pollInterval(interval)
                .atMost(timeout)
                .until(() -> {
                    ApiResponse r = api.status(token);
                    if (r.status() != 200) {
                        throw new AssertionError("status of an accepted execution must answer 200, got " + r);
                    }
                    JsonNode body = r.json();
                    ResponseSchemas.STATUS.assertValid(body);
                    String status = body.path("status").asText();
                    if (observed.isEmpty() || !observed.getLast().equals(status)) {
                        observed.add(status);
                        new StatusHistory(token, observed, body).assertNeverRegressed();
                    }
                    last.set(body);
                    return condition.test(body);
                });
        return new StatusHistory(token, observed, last.get());
    }
}
