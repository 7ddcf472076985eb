package dev.durablehooks.service.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durablehooks.service.support.RunningService;
import dev.durablehooks.service.support.RunningService.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dedup keys: the same delivery twice is one execution; a reused key with another body is a conflict. */
class DedupContractTest {
    private static final String ORDER = "{\"type\":\"order\",\"orderId\":\"123\"}";

    @TempDir
    Path dataDir;
    RunningService service;

    @BeforeEach
    void start() {
        service = RunningService.start(dataDir, Map.of());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private int storedRecords() {
        return service.get("/executions?limit=1000").json().get("executions").size();
    }

    @Test
    void sameKeyAndSameBodyAnswers202WithTheFirstTokenMarkedDuplicate() {
        String first = service.accept(ORDER, "Idempotency-Key", "order-123");
        Reply again = service.postJson(ORDER, "Idempotency-Key", "order-123");
        assertEquals(202, again.status());
        assertEquals(first, again.json().get("executionToken").asText());
        assertTrue(again.json().get("duplicate").asBoolean());
        assertEquals("/status/" + first, again.header("Location"));
        assertEquals(1, storedRecords());
    }

    @Test
    void sameKeyWithAnotherBodyAnswers409WithTheFirstToken() {
        String first = service.accept(ORDER, "X-GitHub-Delivery", "d-1");
        Reply other = service.postJson("{\"type\":\"order\",\"orderId\":\"999\"}", "X-GitHub-Delivery", "d-1");
        assertEquals(409, other.status());
        assertEquals(first, other.json().get("executionToken").asText());
        assertTrue(other.json().get("error").asText().length() > 0);
        assertEquals(1, storedRecords());
    }

    @Test
    void webhookIdWinsOverTheOtherDedupHeaders() {
        String first = service.accept(ORDER, "webhook-id", "msg_1", "Idempotency-Key", "k-1");
        Reply second = service.postJson(ORDER, "webhook-id", "msg_1", "Idempotency-Key", "k-2");
        assertEquals(first, second.json().get("executionToken").asText());
    }

    @Test
    void differentKeysAreDifferentExecutions() {
        String a = service.accept(ORDER, "Idempotency-Key", "a");
        String b = service.accept(ORDER, "Idempotency-Key", "b");
        assertTrue(!a.equals(b));
        assertEquals(2, storedRecords());
    }

    @Test
    void duplicateOfACompletedDeliveryDoesNotRunItAgain() {
        String first = service.accept(ORDER, "Idempotency-Key", "done-1");
        JsonNode done = service.awaitStatus(first, "COMPLETED");
        service.postJson(ORDER, "Idempotency-Key", "done-1");
        JsonNode after = service.get("/status/" + first).json();
        assertEquals(done.get("updatedAt"), after.get("updatedAt"));
        assertEquals(done.get("steps"), after.get("steps"));
    }

    @Test
    void twoHundredConcurrentDuplicatesGiveOneTokenAndOneExecution() throws Exception {
        int n = 200;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return service.postJson(ORDER, "webhook-id", "msg_race");
                }));
            }
            go.countDown();
            Set<String> tokens = new HashSet<>();
            int fresh = 0;
            for (Future<Reply> f : replies) {
                Reply r = f.get();
                assertEquals(202, r.status(), r.body());
                tokens.add(r.json().get("executionToken").asText());
                if (!r.json().has("duplicate")) {
                    fresh++;
                }
            }
            assertEquals(1, tokens.size(), "one token for every copy");
            assertEquals(1, fresh, "exactly one copy is the first delivery");
            String token = tokens.iterator().next();
            JsonNode status = service.awaitStatus(token, "COMPLETED");
            assertEquals(1, storedRecords(), "one record");
            for (JsonNode step : status.get("steps")) {
                assertEquals(1, step.get("attempts").asInt(), "each step ran once: one execution");
            }
        }
    }
}
