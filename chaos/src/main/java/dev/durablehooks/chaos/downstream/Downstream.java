package dev.durablehooks.chaos.downstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The system the process step forwards to (the service's FORWARD_URL): a WireMock server on loopback that answers
 * 200 by default, can be switched to an outage (503, or a hang that outlasts the forward timeout and then answers
 * 503) or to slow success, and keeps the journal of every request it received.
 *
 * <p>Mode changes add or remove a higher-priority stub over the permanent 200 stub, so there is never a moment
 * without a stub (which would answer 404, a non-retryable failure for the service).
 */
public final class Downstream implements AutoCloseable {
    public static final String PATH = "/downstream";

    private final WireMockServer server;
    private StubMapping override;

    public Downstream() {
        server = new WireMockServer(options().port(0).bindAddress("127.0.0.1")
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(8)
                .containerThreads(64).jettyAcceptors(2)
                .notifier(new ConsoleNotifier(false)));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"received\":true}")));
    }

    public URI forwardUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + PATH);
    }

    /**
     * The FORWARD_URL for service process {@code run}: its path names the run, so the journal knows which process
     * sent each request without relying on when the downstream got around to logging it.
     */
    public URI forwardUrl(int run) {
        return URI.create("http://127.0.0.1:" + server.port() + PATH + "/run-" + run);
    }

    static int runOf(String url) {
        int at = url == null ? -1 : url.indexOf(PATH + "/run-");
        if (at < 0) {
            return 0;
        }
        int start = at + PATH.length() + "/run-".length();
        int end = start;
        while (end < url.length() && Character.isDigit(url.charAt(end))) {
            end++;
        }
        try {
            return end > start ? Integer.parseInt(url.substring(start, end)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Back to plain, fast 200s. */
    public synchronized void recover() {
        if (override != null) {
            server.removeStub(override);
            override = null;
        }
    }

    /** Every request answers 503 with {@code Retry-After: retryAfterSeconds}. */
    public synchronized void failWith503(int retryAfterSeconds) {
        replaceOverride(aResponse().withStatus(503).withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                .withBody("{\"error\":\"chaos outage\"}"));
    }

    /**
     * Every request hangs for {@code millis} and then answers 503: longer than the service's forward timeout, this is
     * a hang for the service, and the journal never shows it as a success.
     */
    public synchronized void hang(int millis) {
        replaceOverride(aResponse().withStatus(503).withFixedDelay(millis).withBody("{\"error\":\"chaos hang\"}"));
    }

    /** Every request succeeds, after {@code millis} (keep it below the service's forward timeout). */
    public synchronized void slowSuccess(int millis) {
        replaceOverride(aResponse().withStatus(200).withFixedDelay(millis).withBody("{\"received\":true}"));
    }

    private void replaceOverride(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        StubMapping next = server.stubFor(any(anyUrl()).atPriority(1).willReturn(response));
        if (override != null) {
            server.removeStub(override);
        }
        override = next;
    }

    /** The journal: one record per request that carried an {@code Idempotency-Key}. */
    public List<ForwardRecord> journal() {
        List<ForwardRecord> records = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            LoggedRequest request = event.getRequest();
            String token = request.getHeader("Idempotency-Key");
            if (token == null) {
                continue;
            }
            int attempt;
            try {
                attempt = Integer.parseInt(String.valueOf(request.getHeader("X-Webhook-Attempt")).trim());
            } catch (NumberFormatException e) {
                attempt = 0;
            }
            LoggedResponse response = event.getResponse();
            int status = response == null ? 0 : response.getStatus();
            records.add(new ForwardRecord(token, attempt, request.getLoggedDate().getTime(), status,
                    runOf(request.getUrl())));
        }
        return records;
    }

    public int requestCount() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
