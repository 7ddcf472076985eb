package dev.durablehooks.service.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durablehooks.service.support.RunningService;
import dev.durablehooks.service.support.RunningService.Reply;
import dev.durablehooks.service.support.ShiftableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /status/{token} and GET /executions rows of the contract. */
class StatusContractTest {
    private static final String ORDER = "{\"type\":\"order\",\"orderId\":\"123\",\"data\":{\"amount\":100}}";

    @TempDir
    static Path dataDir;
    static RunningService service;
    static final ShiftableClock clock = new ShiftableClock();

    @BeforeAll
    static void start() {
        service = RunningService.start(dataDir, Map.of("RETENTION_DAYS", "7"), clock);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void completedExecutionShowsSeedFieldsResultAndStepHistory() throws Exception {
        long before = System.currentTimeMillis();
        String token = service.accept(ORDER);
        JsonNode s = service.awaitStatus(token, "COMPLETED");
        List<String> fields = new java.util.ArrayList<>();
        s.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("executionToken", "status", "timestamp", "currentStep", "originalPayload"), fields.subList(0, 5),
                "seed fields first");
        assertEquals("finalize", s.get("currentStep").asText());
        assertTrue(s.get("timestamp").asLong() >= before - 1000);
        assertEquals(RunningService.JSON.readTree(ORDER), s.get("originalPayload"));
        JsonNode result = s.get("result");
        assertEquals(token, result.get("executionToken").asText());
        assertEquals("processed", result.get("status").asText());
        assertEquals("Processed webhook of type: order", result.get("businessResult").asText());
        assertEquals("{\"AMOUNT\":100}", result.get("dataTransformed").asText());
        assertEquals("webhook-processor-java", result.get("metadata").get("processedBy").asText());
        assertTrue(s.get("completedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z"),
                s.get("completedAt").asText());
        assertFalse(s.has("error"));
        assertTrue(s.has("updatedAt"));
        JsonNode steps = s.get("steps");
        assertEquals(3, steps.size());
        assertEquals(List.of("validate", "process", "finalize"),
                List.of(steps.get(0).get("name").asText(), steps.get(1).get("name").asText(), steps.get(2).get("name").asText()));
        for (JsonNode step : steps) {
            assertEquals("SUCCEEDED", step.get("status").asText());
            assertEquals(1, step.get("attempts").asInt());
            assertTrue(step.has("startedAt") && step.has("endedAt"));
        }
    }

    /** The result is rebuilt from what the process step checkpointed, so a replay rebuilds the same result. */
    @Test
    void theResultCarriesTheInstantTheProcessStepCheckpointed() throws Exception {
        String token = service.accept(ORDER);
        JsonNode result = service.awaitStatus(token, "COMPLETED").get("result");

        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        String checkpointed;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("webhooks.db"),
                readOnly.toProperties());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT result FROM durable_operations WHERE execution_name = ? AND name = 'process'")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the process step's checkpoint is stored once COMPLETED is visible");
                checkpointed = rs.getString(1);
            }
        }
        Instant processed = Instant.parse(RunningService.JSON.readValue(checkpointed, String.class));
        assertEquals(processed.truncatedTo(ChronoUnit.MILLIS), Instant.parse(result.get("processedAt").asText()));
    }

    @Test
    void arrayPayloadFailsValidationAsNotAnObject() {
        String token = service.accept("[{\"type\":\"order\"}]");
        JsonNode s = service.awaitStatus(token, "FAILED");
        assertEquals("Validation failed: Payload is required and must be an object", s.get("error").asText());
        assertEquals("validate", s.get("currentStep").asText());
        assertFalse(s.has("result"));
        JsonNode validate = s.get("steps").get(0);
        assertEquals("FAILED", validate.get("status").asText());
        assertEquals(1, validate.get("attempts").asInt(), "validation failures are not retried");
    }

    @Test
    void unknownTypeAndMissingOrderIdFailWithTheSeedMessages() {
        String unknown = service.accept("{\"type\":\"refund\"}");
        String noOrderId = service.accept("{\"type\":\"order\"}");
        String noTransaction = service.accept("{\"type\":\"payment\"}");
        assertEquals("Validation failed: Invalid webhook type. Must be one of: order, payment, user, system",
                service.awaitStatus(unknown, "FAILED").get("error").asText());
        assertEquals("Validation failed: Order webhooks must include orderId",
                service.awaitStatus(noOrderId, "FAILED").get("error").asText());
        assertEquals("Validation failed: Payment webhooks must include transactionId",
                service.awaitStatus(noTransaction, "FAILED").get("error").asText());
    }

    @Test
    void payloadNearTheBodyLimitStillCompletes() {
        String data = "x".repeat(250_000);
        String token = service.accept("{\"type\":\"system\",\"data\":{\"blob\":\"" + data + "\"}}");
        JsonNode s = service.awaitStatus(token, "COMPLETED");
        assertEquals("{\"BLOB\":\"" + data.toUpperCase() + "\"}", s.get("result").get("dataTransformed").asText());
    }

    @Test
    void missingTokenAnswers400() {
        Reply r = service.get("/status/");
        assertEquals(400, r.status());
        assertEquals("Missing executionToken parameter", r.json().get("error").asText());
    }

    @Test
    void malformedTokenAnswers400() {
        for (String bad : new String[] {"short", "has%20space0000000", "x".repeat(65), "semi;colon0000000000"}) {
            Reply r = service.get("/status/" + bad);
            assertEquals(400, r.status(), bad + " → " + r.body());
        }
    }

    @Test
    void unknownTokenAnswers404WithTheToken() {
        Reply r = service.get("/status/AAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(404, r.status());
        assertEquals("Execution token not found", r.json().get("error").asText());
        assertEquals("AAAAAAAAAAAAAAAAAAAAAA", r.json().get("executionToken").asText());
    }

    @Test
    void recordPastItsTtlAnswers404BeforeAnySweep() {
        String token = service.accept(ORDER);
        JsonNode s = service.awaitStatus(token, "COMPLETED");
        long ttl = s.get("ttl").asLong();
        assertEquals(s.get("timestamp").asLong() / 1000 + Duration.ofDays(7).toSeconds(), ttl);
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        try {
            assertEquals(404, service.get("/status/" + token).status());
        } finally {
            clock.advance(Duration.ofDays(-7).minusSeconds(1));
        }
    }

    @Test
    void executionListIsNewestFirstAndPaginated() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            mine.add(service.accept("{\"type\":\"user\",\"n\":" + i + "}"));
        }
        Reply first = service.get("/executions?limit=2");
        assertEquals(200, first.status());
        assertEquals(2, first.json().get("executions").size());
        String cursor = first.json().get("nextCursor").asText();
        Reply second = service.get("/executions?limit=2&cursor=" + cursor);
        JsonNode a = first.json().get("executions");
        JsonNode b = second.json().get("executions");
        assertTrue(a.get(1).get("timestamp").asLong() >= b.get(0).get("timestamp").asLong());
        assertFalse(a.get(0).get("executionToken").equals(b.get(0).get("executionToken")));
        assertTrue(mine.contains(a.get(0).get("executionToken").asText()), "the newest record comes first");
    }

    @Test
    void executionListFiltersByStatus() {
        String failed = service.accept("{}");
        service.awaitStatus(failed, "FAILED");
        JsonNode items = service.get("/executions?status=FAILED&limit=1000").json().get("executions");
        assertTrue(items.size() >= 1);
        for (JsonNode item : items) {
            assertEquals("FAILED", item.get("status").asText());
        }
    }

    @Test
    void executionListRejectsBadParameters() {
        assertEquals(400, service.get("/executions?status=NOPE").status());
        assertEquals(400, service.get("/executions?limit=0").status());
        assertEquals(400, service.get("/executions?limit=abc").status());
        assertEquals(400, service.get("/executions?cursor=%25%25").status());
        assertEquals(400, service.get("/executions?cursor=bm90LWEtY3Vyc29y").status());
    }

    @Test
    void lastPageHasNoCursor() {
        Reply r = service.get("/executions?limit=1000");
        assertNull(r.json().get("nextCursor"));
    }
}
