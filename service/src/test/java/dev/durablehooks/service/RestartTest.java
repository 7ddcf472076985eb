package dev.durablehooks.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.durablehooks.service.support.ChildService;
import dev.durablehooks.service.support.Http;
import dev.durablehooks.service.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accepted webhooks survive a {@code kill -9}: after a restart on the same DATA_DIR every token completes. */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void everyAcceptedTokenCompletesAfterKillMinusNineAndRestart() throws Exception {
        WireMockServer downstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        downstream.start();
        // A slow downstream keeps executions in the middle of their process step when the JVM dies.
        downstream.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(2000)));
        Map<String, String> env = Map.of("FORWARD_URL", downstream.baseUrl() + "/slow", "FORWARD_TIMEOUT_MS", "10000");
        List<String> tokens = new ArrayList<>();
        try {
            try (ChildService first = ChildService.start(dataDir, env)) {
                for (int i = 0; i < 40; i++) {
                    HttpResponse<String> r = Http.postJson(first.baseUrl() + "/webhook",
                            "{\"type\":\"order\",\"orderId\":\"" + i + "\"}");
                    assertEquals(202, r.statusCode(), r.body());
                    tokens.add(RunningService.JSON.readTree(r.body()).get("executionToken").asText());
                }
                String last = tokens.get(tokens.size() - 1);
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        !Http.getJson(first.baseUrl() + "/status/" + last).get("status").asText().equals("STARTED"));
                first.kill();
            }
            downstream.resetAll();
            downstream.stubFor(post("/slow").willReturn(aResponse().withStatus(200)));
            try (ChildService second = ChildService.start(dataDir, env)) {
                for (String token : tokens) {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                            Http.getJson(second.baseUrl() + "/status/" + token).get("status").asText().equals("COMPLETED"));
                }
                JsonNode one = Http.getJson(second.baseUrl() + "/status/" + tokens.get(0));
                assertEquals("finalize", one.get("currentStep").asText());
                assertTrue(one.get("result").has("businessResult"));
            }
        } finally {
            downstream.stop();
        }
    }
}
