package dev.durablehooks.durable.local.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SqliteDatabase#writeUnawaited}: its commit may wait for an awaited write's, never longer than the delay. */
class SqliteUnawaitedWriteTest {
    @TempDir
    Path dir;

    private SqliteDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private SqliteDatabase open(Duration delay) {
        db = SqliteDatabase.open(dir.resolve("unawaited.db"), delay);
        return db;
    }

    @Test
    void anUnawaitedWriteSharesTheCommitOfTheNextAwaitedOne() {
        open(Duration.ofSeconds(5));
        long before = db.commits();

        CompletableFuture<String> unawaited = db.writeUnawaited(c -> "unawaited");
        assertEquals("awaited", db.write(c -> "awaited").join());

        assertEquals("unawaited", unawaited.join());
        assertEquals(1, db.commits() - before, "both writes in one commit");
    }

    @Test
    void anUnawaitedWriteAloneCommitsOnceItsDelayIsOver() throws Exception {
        open(Duration.ofMillis(300));
        long started = System.nanoTime();

        CompletableFuture<String> unawaited = db.writeUnawaited(c -> "alone");

        assertThrows(java.util.concurrent.TimeoutException.class, () -> unawaited.get(100, TimeUnit.MILLISECONDS),
                "committed before its delay although nothing else came");
        assertEquals("alone", unawaited.get(5, TimeUnit.SECONDS));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 250);
    }

    @Test
    void anAwaitedWriteIsNotHeldBackByAnUnawaitedOneWaitingBeforeIt() throws Exception {
        open(Duration.ofSeconds(30));
        db.writeUnawaited(c -> "waiting");

        assertEquals("now", db.write(c -> "now").get(5, TimeUnit.SECONDS));
    }

    @Test
    void awaitDurableEndsTheWaitOfEarlierUnawaitedWrites() throws Exception {
        open(Duration.ofSeconds(30));
        CompletableFuture<String> unawaited = db.writeUnawaited(c -> "flushed");

        db.awaitDurable().get(5, TimeUnit.SECONDS);

        assertTrue(unawaited.isDone());
        assertEquals("flushed", unawaited.join());
    }

    @Test
    void closingDoesNotWaitOutTheDelay() {
        open(Duration.ofSeconds(30));
        CompletableFuture<String> unawaited = db.writeUnawaited(c -> "last");
        long started = System.nanoTime();

        db.close();

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
        assertEquals("last", unawaited.join());
        assertFalse(unawaited.isCompletedExceptionally());
    }
}
