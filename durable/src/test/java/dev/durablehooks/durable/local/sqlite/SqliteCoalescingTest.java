package dev.durablehooks.durable.local.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SqliteDatabase#writeCoalescing}: within one group-commit batch, one write per key runs. */
class SqliteCoalescingTest {
    @TempDir
    Path dir;

    private SqliteDatabase db;
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("coalescing.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }


    private CompletableFuture<String> coalescing(String key, int precedence, String name) {
        return db.writeCoalescing(key, precedence, "superseded", c -> {
            ran.add(name);
            return name;
        });
    }

    @Test
    void onlyTheHighestPrecedenceOfAKeyRunsInABatchAndTheOthersCompleteAsSuperseded() throws InterruptedException {
        CountDownLatch release = WriterGate.holdWriter(db);
        CompletableFuture<String> low = coalescing("k", 1, "low");
        CompletableFuture<String> high = coalescing("k", 3, "high");
        CompletableFuture<String> middle = coalescing("k", 2, "middle");
        release.countDown();

        assertEquals("high", high.join());
        assertEquals("superseded", low.join());
        assertEquals("superseded", middle.join());
        assertEquals(List.of("high"), ran);
    }

    @Test
    void amongEqualPrecedencesTheFirstQueuedRuns() throws InterruptedException {
        CountDownLatch release = WriterGate.holdWriter(db);
        CompletableFuture<String> first = coalescing("k", 3, "first");
        CompletableFuture<String> second = coalescing("k", 3, "second");
        release.countDown();

        assertEquals("first", first.join());
        assertEquals("superseded", second.join());
        assertEquals(List.of("first"), ran);
    }

    @Test
    void writesOfDifferentKeysAllRun() throws InterruptedException {
        CountDownLatch release = WriterGate.holdWriter(db);
        CompletableFuture<String> a = coalescing("a", 1, "a");
        CompletableFuture<String> b = coalescing("b", 1, "b");
        release.countDown();

        assertEquals("a", a.join());
        assertEquals("b", b.join());
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void writesOfOneKeyInSeparateBatchesAllRun() {
        assertEquals("low", coalescing("k", 1, "low").join());
        assertEquals("high", coalescing("k", 3, "high").join());
        assertEquals(List.of("low", "high"), ran);
    }

    @Test
    void supersededWritesFailWithTheErrorOfTheOneThatRan() throws InterruptedException {
        CountDownLatch release = WriterGate.holdWriter(db);
        CompletableFuture<String> low = coalescing("k", 1, "low");
        CompletableFuture<String> high = db.writeCoalescing("k", 3, "superseded", c -> {
            throw new SQLException("the chosen write broke");
        });
        CompletableFuture<String> other = db.write(c -> "unrelated");
        release.countDown();

        CompletionException highFailure = assertThrows(CompletionException.class, high::join);
        CompletionException lowFailure = assertThrows(CompletionException.class, low::join);
        assertInstanceOf(SQLException.class, highFailure.getCause());
        assertEquals(highFailure.getCause(), lowFailure.getCause());
        assertEquals("unrelated", other.join());
    }
}
