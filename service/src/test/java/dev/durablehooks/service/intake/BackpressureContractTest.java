package dev.durablehooks.service.intake;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.durablehooks.service.support.RunningService;
import dev.durablehooks.service.support.RunningService.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Past MAX_BACKLOG unfinished executions, or MAX_BACKLOG_BYTES of heap held by them (estimated: a fixed part each plus
 * the payload), intake answers 503 with Retry-After and stores nothing.
 */
class BackpressureContractTest {
    @TempDir
    Path dataDir;

    @Test
    void overCapacityAnswers503WithRetryAfterAndStoresNothing() {
        WireMockServer downstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        downstream.start();
        // The downstream keeps the first execution busy, so it stays in the backlog.
        downstream.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        try (RunningService service = RunningService.start(dataDir, Map.of("MAX_BACKLOG", "1",
                "FORWARD_URL", downstream.baseUrl() + "/slow"))) {
            String first = service.accept("{\"type\":\"system\"}");
            Reply refused = service.postJson("{\"type\":\"system\"}", "Idempotency-Key", "later");
            assertEquals(503, refused.status(), refused.body());
            assertNotNull(refused.header("Retry-After"));
            assertNotNull(refused.json().get("error"));
            assertEquals(1, service.get("/executions?limit=1000").json().get("executions").size(), "nothing stored");
            service.awaitStatus(first, "COMPLETED");
            Reply later = service.postJson("{\"type\":\"system\"}", "Idempotency-Key", "later");
            assertEquals(202, later.status(), "the refused key was not remembered");
        } finally {
            downstream.stop();
        }
    }

    @Test
    void aPayloadThatWouldTakeTheBacklogPastItsBytesAnswers503AndStoresNothing() {
        WireMockServer downstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        downstream.start();
        downstream.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        String big = "{\"type\":\"system\",\"data\":\"" + "x".repeat(3000) + "\"}";
        // Room for one big (~4,200 estimated bytes) and one small (~1,200), not for two big ones.
        try (RunningService service = RunningService.start(dataDir, Map.of("MAX_BACKLOG_BYTES", "6000",
                "FORWARD_URL", downstream.baseUrl() + "/slow"))) {
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
        } finally {
            downstream.stop();
        }
    }

    @Test
    void eachExecutionInTheBacklogCountsItsFixedHeapBesidesItsPayload() {
        WireMockServer downstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        downstream.start();
        downstream.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        // Two small payloads are ~40 bytes together, but two executions hold more than 2,000 bytes of heap.
        try (RunningService service = RunningService.start(dataDir, Map.of("MAX_BACKLOG_BYTES", "2000",
                "FORWARD_URL", downstream.baseUrl() + "/slow"))) {
            String first = service.accept("{\"type\":\"system\"}");
            Reply refused = service.postJson("{\"type\":\"system\"}", "Idempotency-Key", "second");
            assertEquals(503, refused.status(), refused.body());
            assertEquals(1, service.get("/executions?limit=1000").json().get("executions").size(), "nothing stored");
            service.awaitStatus(first, "COMPLETED");
        } finally {
            downstream.stop();
        }
    }
}
