package dev.durablehooks.durable.local.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WAL is copied back into the database file in the background, without waiting for the writer's threshold. */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void committedPagesReachTheDatabaseFileWellBeforeTheWritersOwnCheckpointThreshold() throws Exception {
        Path file = dir.resolve("wal.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            long before = Files.size(file);
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO blobs(data) VALUES (?)")) {
                    for (int i = 0; i < 200; i++) { // about 200 pages: far below the writer's 4,000-frame threshold
                        insert.setBytes(1, new byte[3000]);
                        insert.executeUpdate();
                    }
                }
                return null;
            }).join();

            await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(file) >= before + 200L * 3000);
            assertTrue(Files.size(file.resolveSibling("wal.db-wal")) > 0, "the writer still appends to the WAL");
        }
    }
}
