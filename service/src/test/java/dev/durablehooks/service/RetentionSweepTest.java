package dev.durablehooks.service;

import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.service.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Expired records answer 404 and the background sweeper deletes them, their dedup keys and their executions. */
class RetentionSweepTest {
    @TempDir
    Path dataDir;

    private long count(String table, String token) {
        try (SqliteDatabase db = SqliteDatabase.open(dataDir.resolve("webhooks.db"))) {
            String column = table.equals("durable_executions") ? "name" : "token";
            return db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM " + table + " WHERE " + column + " = '" + token + "'")) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            });
        }
    }

    @Test
    void sweeperDeletesExpiredRecordsKeysAndFinishedExecutions() {
        String token;
        try (RunningService service = RunningService.start(dataDir,
                Map.of("RETENTION_SECONDS", "2", "SWEEP_INTERVAL_SECONDS", "1"))) {
            token = service.accept("{\"type\":\"user\"}", "Idempotency-Key", "sweep-me");
            service.awaitStatus(token, "COMPLETED");
            await().atMost(Duration.ofSeconds(20)).until(() -> service.get("/status/" + token).status() == 404);
            await().atMost(Duration.ofSeconds(20)).until(() -> count("webhook_status", token) == 0
                    && count("webhook_dedup", token) == 0 && count("durable_executions", token) == 0);
            // The key is free again: the same delivery id now starts a new execution.
            RunningService.Reply again = service.postJson("{\"type\":\"user\"}", "Idempotency-Key", "sweep-me");
            assertEquals(202, again.status());
            assertNotEquals(token, again.json().get("executionToken").asText());
            assertFalse(again.json().has("duplicate"));
        }
    }
}
