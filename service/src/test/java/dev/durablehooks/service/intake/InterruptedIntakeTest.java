package dev.durablehooks.service.intake;

import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.service.support.RunningService;
import dev.durablehooks.service.support.RunningService.Reply;
import dev.durablehooks.service.store.Delivery;
import dev.durablehooks.service.store.WebhookStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process that died between intake's record write and the durable start leaves a STARTED record with no
 * execution. Both a retried delivery and the startup reconciliation must start it.
 */
class InterruptedIntakeTest {
    private static final String BODY = "{\"type\":\"order\",\"orderId\":\"42\"}";

    @TempDir
    Path dataDir;

    /** What intake's first write leaves behind, without the start that should have followed it. */
    private void storeRecordWithoutExecution(String token, String dedupKey) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dataDir.resolve("webhooks.db"))) {
            WebhookStore store = WebhookStore.open(db, Clock.systemUTC(), Duration.ofDays(7), Duration.ofDays(4));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(BODY.getBytes(StandardCharsets.UTF_8));
            store.accept(new Delivery(token, dedupKey, digest, BODY)).join();
        }
    }

    @Test
    void startupReconciliationStartsRecordsLeftWithoutExecution() throws Exception {
        storeRecordWithoutExecution("orphanedByACrash0001", null);
        try (RunningService service = RunningService.start(dataDir, Map.of())) {
            service.awaitStatus("orphanedByACrash0001", "COMPLETED");
        }
    }

    @Test
    void retriedDeliveryStartsTheExecutionItsFirstAttemptLeftUnstarted() throws Exception {
        try (RunningService service = RunningService.start(dataDir, Map.of())) {
            // Written behind the running service's back, after its startup reconciliation.
            storeRecordWithoutExecution("orphanedByACrash0002", "idempotency-key:retry-me");
            Reply retry = service.postJson(BODY, "Idempotency-Key", "retry-me");
            assertEquals(202, retry.status(), retry.body());
            assertEquals("orphanedByACrash0002", retry.json().get("executionToken").asText());
            assertTrue(retry.json().get("duplicate").asBoolean());
            service.awaitStatus("orphanedByACrash0002", "COMPLETED");
        }
    }
}
