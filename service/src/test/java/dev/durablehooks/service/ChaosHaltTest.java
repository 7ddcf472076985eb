package dev.durablehooks.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durablehooks.service.support.ChildService;
import dev.durablehooks.service.support.Http;
import dev.durablehooks.service.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault hook halts the JVM at the chosen point; a restart without it resumes the execution to the same outcome. */
class ChaosHaltTest {
    @TempDir
    Path dataDir;

    @Test
    void haltAfterTheProcessSideEffectThenRestartCompletes() throws Exception {
        String token;
        try (ChildService chaotic = ChildService.start(dataDir,
                Map.of("CHAOS_FAULTS", "process:after-side-effect:1", "CHAOS_SEED", "3"))) {
            HttpResponse<String> r = Http.postJson(chaotic.baseUrl() + "/webhook", "{\"type\":\"payment\",\"transactionId\":\"t1\"}");
            assertEquals(202, r.statusCode());
            token = RunningService.JSON.readTree(r.body()).get("executionToken").asText();
            assertEquals(OptionalInt.of(137), chaotic.awaitExit(Duration.ofSeconds(30)), "the fault halted the JVM");
            String err = chaotic.stderr();
            assertTrue(err.contains("CHAOS FAULTS ENABLED: process:after-side-effect:1 seed=3"), err);
            assertTrue(err.contains("CHAOS halt step=process phase=after-side-effect token=" + token + " attempt=1"), err);
        }
        try (ChildService calm = ChildService.start(dataDir, Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Http.getJson(calm.baseUrl() + "/status/" + token).get("status").asText().equals("COMPLETED"));
            JsonNode status = Http.getJson(calm.baseUrl() + "/status/" + token);
            JsonNode steps = status.get("steps");
            assertEquals(1, steps.get(0).get("attempts").asInt(), "validate was checkpointed: not run again");
            assertEquals("finalize", status.get("currentStep").asText());
        }
    }

    @Test
    void chaosIsRefusedInProduction() throws Exception {
        try {
            ChildService.start(dataDir, Map.of("CHAOS_FAULTS", "*:before-side-effect:1", "ENVIRONMENT", "production"));
            throw new AssertionError("started in production with faults enabled");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("CHAOS_FAULTS"), e.getMessage());
        }
    }
}
