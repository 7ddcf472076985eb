package dev.durablehooks.service.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.durablehooks.service.support.RunningService;
import dev.durablehooks.service.support.RunningService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FORWARD_URL: the process step POSTs the payload downstream, retrying what may pass later and failing what will not. */
class ForwardContractTest {
    private static final String ORDER = "{\"type\":\"order\",\"orderId\":\"123\"}";

    @TempDir
    static Path dataDir;
    static WireMockServer downstream;
    static RunningService service;

    @BeforeAll
    static void start() {
        downstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        downstream.start();
        service = RunningService.start(dataDir, Map.of("FORWARD_URL", downstream.baseUrl() + "/hook",
                "FORWARD_RETRY_INITIAL_SECONDS", "1", "FORWARD_RETRY_MAX_SECONDS", "1", "FORWARD_MAX_ATTEMPTS", "3",
                "FORWARD_TIMEOUT_MS", "2000"));
    }

    @AfterEach
    void reset() {
        downstream.resetAll();
    }

    @AfterAll
    static void stop() {
        service.close();
        downstream.stop();
    }

    @Test
    void payloadIsForwardedWithTheTokenAsIdempotencyKey() {
        downstream.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
        String token = service.accept(ORDER);
        service.awaitStatus(token, "COMPLETED");
        downstream.verify(1, postRequestedFor(urlEqualTo("/hook"))
                .withHeader("Idempotency-Key", equalTo(token))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Webhook-Step", equalTo("process"))
                .withHeader("X-Webhook-Attempt", equalTo("1"))
                .withRequestBody(equalToJson(ORDER)));
    }

    @Test
    void nonRetryableClientErrorFailsTheExecutionNamingTheStatus() {
        downstream.stubFor(post("/hook").willReturn(aResponse().withStatus(422)));
        String token = service.accept(ORDER);
        JsonNode status = service.awaitStatus(token, "FAILED");
        assertEquals("Forward failed: downstream answered 422", status.get("error").asText());
        assertEquals("process", status.get("currentStep").asText());
        downstream.verify(1, postRequestedFor(urlEqualTo("/hook")));
    }

    @Test
    void serverErrorIsRetriedHonouringRetryAfterThenSucceeds() {
        downstream.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        downstream.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200)));
        String token = service.accept(ORDER);
        JsonNode status = service.awaitStatus(token, "COMPLETED");
        JsonNode process = status.get("steps").get(1);
        assertEquals("process", process.get("name").asText());
        assertEquals(2, process.get("attempts").asInt());
        downstream.verify(postRequestedFor(urlEqualTo("/hook")).withHeader("X-Webhook-Attempt", equalTo("2")));
    }

    @Test
    void tooManyRequestsIsRetriedUntilAttemptsRunOutThenFails() {
        downstream.stubFor(post("/hook").willReturn(aResponse().withStatus(429)));
        String token = service.accept(ORDER);
        JsonNode status = service.awaitStatus(token, "FAILED");
        assertEquals("Forward failed: downstream answered 429", status.get("error").asText());
        assertEquals("process", status.get("currentStep").asText());
        downstream.verify(3, postRequestedFor(urlEqualTo("/hook")));
    }

    @Test
    void statusShowsProcessingWhileTheForwardIsRetried() {
        downstream.stubFor(post("/hook").willReturn(aResponse().withStatus(500)));
        String token = service.accept(ORDER);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                downstream.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 1);
        Reply r = service.get("/status/" + token);
        String s = r.json().get("status").asText();
        assertTrue(s.equals("PROCESSING") || s.equals("FAILED"), s);
        service.awaitStatus(token, "FAILED");
    }
}
