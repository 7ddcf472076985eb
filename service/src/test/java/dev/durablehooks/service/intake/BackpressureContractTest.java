package dev.durablehooks.service.intake;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.durablehooks.service.support.RunningService;
import dev.durablehooks.service.support.RunningService.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

/**
 * Past MAX_BACKLOG unfinished executions, or MAX_BACKLOG_BYTES of heap held by them (estimated: a fixed part each plus
 * the payload), or while MAX_INTAKE_BYTES of request bodies are being received, intake answers 503 with Retry-After
 * and stores nothing.
 */
class BackpressureContractTest {
    @TempDir
    Path dataDir;
    private WireMockServer downstream;

    /** A service whose executions forward to a downstream that takes 3 s, so accepted ones stay in the backlog. */
    private RunningService startBehindASlowDownstream(String variable, String value) {
        downstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        downstream.start();
        downstream.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        return RunningService.start(dataDir, Map.of(variable, value, "FORWARD_URL", downstream.baseUrl() + "/slow"));
    }

    @AfterEach
    void stopDownstream() {
        if (downstream != null) {
            downstream.stop();
        }
    }

    @Test
    void overCapacityAnswers503WithRetryAfterAndStoresNothing() {
        try (RunningService service = startBehindASlowDownstream("MAX_BACKLOG", "1")) {
            String first = service.accept("{\"type\":\"system\"}");
            Reply refused = service.postJson("{\"type\":\"system\"}", "Idempotency-Key", "later");
            assertEquals(503, refused.status(), refused.body());
            assertNotNull(refused.header("Retry-After"));
            assertNotNull(refused.json().get("error"));
            assertEquals(1, service.get("/executions?limit=1000").json().get("executions").size(), "nothing stored");
            service.awaitStatus(first, "COMPLETED");
            Reply later = service.postJson("{\"type\":\"system\"}", "Idempotency-Key", "later");
            assertEquals(202, later.status(), "the refused key was not remembered");
        }
    }

    @Test
    void aPayloadThatWouldTakeTheBacklogPastItsBytesAnswers503AndStoresNothing() {
        String big = "{\"type\":\"system\",\"data\":\"" + "x".repeat(3000) + "\"}";
        // Room for one big (~4,200 estimated bytes) and one small (~1,200), not for two big ones.
        try (RunningService service = startBehindASlowDownstream("MAX_BACKLOG_BYTES", "6000")) {
            String first = service.accept(big);
            Reply refused = service.postJson(big, "Idempotency-Key", "later");
            assertEquals(503, refused.status(), refused.body());
            assertNotNull(refused.header("Retry-After"));
            String small = service.accept("{\"type\":\"system\"}");
            assertEquals(2, service.get("/executions?limit=1000").json().get("executions").size(),
                    "the refused one was not stored; a small one still fits");
            service.awaitStatus(first, "COMPLETED");
            service.awaitStatus(small, "COMPLETED");
            Reply later = service.postJson(big, "Idempotency-Key", "later");
            assertEquals(202, later.status(), "room again once the backlog drained");
        }
    }

    @Test
    void eachExecutionInTheBacklogCountsItsFixedHeapBesidesItsPayload() {
        // Two small payloads are ~40 bytes together, but two executions hold more than 2,000 bytes of heap.
        try (RunningService service = startBehindASlowDownstream("MAX_BACKLOG_BYTES", "2000")) {
            String first = service.accept("{\"type\":\"system\"}");
            Reply refused = service.postJson("{\"type\":\"system\"}", "Idempotency-Key", "second");
            assertEquals(503, refused.status(), refused.body());
            assertEquals(1, service.get("/executions?limit=1000").json().get("executions").size(), "nothing stored");
            service.awaitStatus(first, "COMPLETED");
        }
    }

    @Test
    void whileOneBodyHoldsTheIntakeBudgetAnotherIsRefusedWith503UntilItIsGivenBack() throws Exception {
        try (RunningService service = RunningService.start(dataDir, Map.of("MAX_INTAKE_BYTES", "1000"))) {
            byte[] held = paddedOrder(800);
            try (Socket sender = new Socket("127.0.0.1", URI.create(service.baseUrl()).getPort())) {
                sender.setSoTimeout(30_000);
                OutputStream out = sender.getOutputStream();
                out.write(("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + held.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(held, 0, 100); // the rest comes later: intake holds room for all 800 bytes meanwhile
                out.flush();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> metric(service.get("/metrics").body(), "webhook_intake_body_bytes") == 800);

                Reply refused = service.post("/webhook", "application/json", paddedOrder(300));
                assertEquals(503, refused.status(), refused.body());
                assertNotNull(refused.header("Retry-After"));
                assertTrue(refused.json().get("error").asText().contains("bodies"), refused.body());

                out.write(held, 100, held.length - 100);
                out.flush();
                String statusLine = new String(sender.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 202", statusLine, "the held body is taken once it has arrived");
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metric(service.get("/metrics").body(), "webhook_intake_body_bytes") == 0);
            assertEquals(202, service.post("/webhook", "application/json", paddedOrder(300)).status(),
                    "room again once the held body was answered");
            assertEquals(1, metric(service.get("/metrics").body(), "webhooks_rejected_total{reason=\"intake_busy\"}"));
        }
    }

    @Test
    void aBodyLargerThanTheWholeIntakeBudgetIsStillTakenAlone() {
        try (RunningService service = RunningService.start(dataDir, Map.of("MAX_INTAKE_BYTES", "1000"))) {
            Reply r = service.post("/webhook", "application/json", paddedOrder(5000));
            assertEquals(202, r.status(), r.body());
        }
    }

    /** A valid order webhook of exactly {@code length} bytes. */
    private static byte[] paddedOrder(int length) {
        String head = "{\"type\":\"order\",\"orderId\":\"1\",\"data\":{\"note\":\"";
        String tail = "\"}}";
        return (head + "x".repeat(length - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    private static double metric(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from the scrape"));
    }
}
