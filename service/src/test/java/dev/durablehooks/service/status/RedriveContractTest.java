package dev.durablehooks.service.status;

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
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** POST /executions/{token}/redrive resumes a FAILED webhook from its last successful checkpoint. */
class RedriveContractTest {
    private static final String ORDER = "{\"type\":\"order\",\"orderId\":\"7\"}";

    @TempDir
    static Path dataDir;
    static WireMockServer downstream;
    static RunningService service;

    @BeforeAll
    static void start() {
        downstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        downstream.start();
        service = RunningService.start(dataDir, Map.of("FORWARD_URL", downstream.baseUrl() + "/hook"));
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

    private static Reply redrive(String token) {
        return service.post("/executions/" + token + "/redrive", "application/json", "{}".getBytes());
    }

    @Test
    void failedForwardIsRedrivenFromTheProcessStepAndCompletes() {
        downstream.stubFor(post("/hook").inScenario("redrive").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400)).willSetStateTo("fixed"));
        downstream.stubFor(post("/hook").inScenario("redrive").whenScenarioStateIs("fixed")
                .willReturn(aResponse().withStatus(200)));
        String token = service.accept(ORDER);
        service.awaitStatus(token, "FAILED");

        Reply r = redrive(token);
        assertEquals(202, r.status(), r.body());
        assertEquals("process", r.json().get("resumesAt").asText());
        JsonNode done = service.awaitStatus(token, "COMPLETED");

        assertFalse(done.has("error"), "the old error is cleared");
        JsonNode steps = done.get("steps");
        assertEquals("validate", steps.get(0).get("name").asText());
        assertEquals(1, steps.get(0).get("attempts").asInt(), "validate had its checkpoint: not run again");
        assertEquals("process", steps.get(1).get("name").asText());
        assertEquals("SUCCEEDED", steps.get(1).get("status").asText());
        assertEquals(2, steps.get(1).get("attempts").asInt(), "the failed attempt and the redriven one");
        assertEquals("SUCCEEDED", steps.get(2).get("status").asText());
        downstream.verify(2, postRequestedFor(urlEqualTo("/hook")));
    }

    @Test
    void redriveOfAnExecutionThatIsNotFailedAnswers409() {
        downstream.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
        String token = service.accept(ORDER);
        service.awaitStatus(token, "COMPLETED");
        Reply r = redrive(token);
        assertEquals(409, r.status());
        assertEquals(token, r.json().get("executionToken").asText());
    }

    @Test
    void validationFailureRedrivenFailsAgainTheSameWay() {
        String token = service.accept("{\"type\":\"nope\"}");
        String error = service.awaitStatus(token, "FAILED").get("error").asText();
        assertEquals(202, redrive(token).status());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                service.get("/status/" + token).json().get("steps").get(0).get("attempts").asInt() == 2);
        JsonNode again = service.awaitStatus(token, "FAILED");
        assertEquals(error, again.get("error").asText());
    }

    @Test
    void redriveOfUnknownOrMalformedTokensIsRefused() {
        assertEquals(404, redrive("AAAAAAAAAAAAAAAAAAAAAA").status());
        assertEquals(400, redrive("bad").status());
        assertEquals(405, service.get("/executions/AAAAAAAAAAAAAAAAAAAAAA/redrive").status());
    }
}
