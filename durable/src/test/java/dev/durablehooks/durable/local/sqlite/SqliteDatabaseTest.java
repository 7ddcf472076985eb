package dev.durablehooks.durable.local.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteDatabaseTest {
    @TempDir
    Path dir;

    private final List<SqliteDatabase> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SqliteDatabase::close);
    }

    private SqliteDatabase open(Path file) {
        SqliteDatabase db = SqliteDatabase.open(file);
        opened.add(db);
        return db;
    }

    private static SqlWork<Integer> insert(String key, String value) {
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv(k, v) VALUES (?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, value);
                return ps.executeUpdate();
            }
        };
    }

    private static int count(SqliteDatabase db) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kv")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void createKv(SqliteDatabase db) {
        db.write(c -> c.createStatement().execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)")).join();
    }


    @Test
    void sizeBytesCountsTheCommittedPages() {
        SqliteDatabase db = open(dir.resolve("size.db"));
        createKv(db);
        long empty = db.sizeBytes();
        String value = "x".repeat(1000);
        for (int i = 0; i < 100; i++) {
            db.write(insert("k" + i, value)).join();
        }
        long grown = db.sizeBytes() - empty;
        assertTrue(grown >= 100 * 1000 && grown < 4 * 100 * 1000, "grew by " + grown + " bytes for 100 KB of values");
    }

    @Test
    void committedWritesAreReadableAndSurviveReopen() {
        Path file = dir.resolve("nested/dir/engine.db");
        SqliteDatabase db = SqliteDatabase.open(file);
        createKv(db);
        assertEquals(1, db.write(insert("a", "1")).join());
        assertEquals(1, count(db));
        db.close();

        SqliteDatabase reopened = open(file);
        assertEquals(1, count(reopened));
    }

    @Test
    void databaseIsInWalModeWithFullSynchronousCommits() {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        String journal = db.write(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                rs.next();
                return rs.getString(1);
            }
        }).join();
        int synchronous = db.write(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA synchronous")) {
                rs.next();
                return rs.getInt(1);
            }
        }).join();
        assertEquals("wal", journal.toLowerCase());
        assertEquals(2, synchronous, "2 = FULL");
    }

    @Test
    void writesDoNotFetchGeneratedKeysAfterEachInsert() {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        boolean fetched = db.write(c -> c.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig()
                .isGetGeneratedKeys()).join();
        assertFalse(fetched, "the driver would run SELECT last_insert_rowid() after every INSERT");
    }

    @Test
    void everyCommitIsReportedWithTheWritesItMadeDurableAndItsDuration() throws Exception {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        List<long[]> reported = new CopyOnWriteArrayList<>();
        db.observeCommits((works, nanos) -> reported.add(new long[]{works, nanos}));

        CountDownLatch writer = WriterGate.holdWriter(db);
        List<CompletableFuture<Integer>> three = List.of(db.write(c -> 1), db.write(c -> 2), db.write(c -> 3));
        writer.countDown();
        three.forEach(CompletableFuture::join);

        long[] last = reported.get(reported.size() - 1);
        assertEquals(3, last[0], "the three writes queued behind the held writer commit together");
        assertTrue(last[1] > 0, "a COMMIT takes some time");
    }

    @Test
    void aCommitObserverThatThrowsDoesNotFailTheWrites() {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        db.observeCommits((works, nanos) -> {
            throw new IllegalStateException("observer broke");
        });

        assertEquals(42, db.write(c -> 42).join());
        assertEquals(43, db.write(c -> 43).join());
    }

    @Test
    void aFailingWorkRollsBackOnlyItselfWithinItsBatch() throws Exception {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        createKv(db);
        CountDownLatch release = WriterGate.holdWriter(db);
        CompletableFuture<Integer> before = db.write(insert("a", "1"));
        CompletableFuture<Integer> failing = db.write(c -> {
            insert("b", "2").run(c);
            insert("a", "duplicate").run(c); // primary-key violation: this work's own insert of b goes too
            return 0;
        });
        CompletableFuture<Integer> after = db.write(insert("c", "3"));
        release.countDown();

        assertEquals(1, before.join());
        assertEquals(1, after.join());
        CompletionException error = assertThrows(CompletionException.class, failing::join);
        assertInstanceOf(SQLException.class, error.getCause());
        assertEquals(List.of("a", "c"), keys(db));
    }

    @Test
    void awaitDurableCompletesOnlyOnceTheWritesQueuedBeforeItAreCommitted() throws Exception {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        createKv(db);
        CountDownLatch release = WriterGate.holdWriter(db);
        CompletableFuture<Integer> queued;
        CompletableFuture<Void> durable;
        try {
            queued = db.write(insert("a", "1"));
            durable = db.awaitDurable();
            Thread.sleep(200);
            assertFalse(durable.isDone(), "the write queued before it is not committed yet");
            assertEquals(0, count(db));
        } finally {
            release.countDown(); // a blocked writer would hang close()
        }

        durable.get(10, TimeUnit.SECONDS);
        assertTrue(queued.isDone(), "completes with or after the write queued before it");
        assertEquals(1, count(db), "what was queued before it is committed");
    }

    @Test
    void aFailedCommitFailsEveryWorkOfTheBatchAndTheDatabaseStaysUsable() throws Exception {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        db.write(c -> {
            c.createStatement().execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
            c.createStatement().execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
                    + "REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
            return c.createStatement().execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)");
        }).join();
        CountDownLatch release = WriterGate.holdWriter(db);
        CompletableFuture<Integer> innocent = db.write(insert("a", "1"));
        // A deferred foreign-key violation is only detected at COMMIT: the whole transaction fails there.
        CompletableFuture<Boolean> violating = db.write(c -> c.createStatement().execute("INSERT INTO child VALUES (1, 42)"));
        release.countDown();

        CompletionException innocentError = assertThrows(CompletionException.class, innocent::join);
        assertTrue(innocentError.getCause().getMessage().contains("rolled back"), innocentError.getCause().getMessage());
        assertThrows(CompletionException.class, violating::join);
        assertEquals(0, count(db));

        assertEquals(1, db.write(insert("b", "2")).join());
        assertEquals(List.of("b"), keys(db));
    }

    @Test
    void aFullDiskFailsTheAffectedWritesAndTheDatabaseStaysUsable() {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        createKv(db);
        int pages = db.write(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA page_count")) {
                rs.next();
                return rs.getInt(1);
            }
        }).join();
        // max_page_count makes SQLite answer SQLITE_FULL as a full disk would.
        db.write(c -> c.createStatement().execute("PRAGMA max_page_count = " + pages)).join();
        CompletableFuture<Integer> tooBig = db.write(insert("big", "x".repeat(1_000_000)));
        CompletionException error = assertThrows(CompletionException.class, tooBig::join);
        assertTrue(error.getCause().getMessage().toLowerCase().contains("full"), error.getCause().getMessage());

        db.write(c -> c.createStatement().execute("PRAGMA max_page_count = 1073741823")).join();
        assertEquals(1, db.write(insert("small", "ok")).join());
        assertEquals(List.of("small"), keys(db));
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAtOpenNamingTheFile() throws Exception {
        Path file = dir.resolve("garbage.db");
        Files.write(file, "this is not a database, just some text that is long enough to pass a size check. ".repeat(20)
                .getBytes(StandardCharsets.UTF_8));
        DatabaseException error = assertThrows(DatabaseException.class, () -> open(file));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void aTruncatedDatabaseIsRefusedAtOpenNamingTheFile() throws Exception {
        Path file = dir.resolve("truncated.db");
        fillAndClose(file);
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size / 2);
        }
        DatabaseException error = assertThrows(DatabaseException.class, () -> open(file));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void aDatabaseWithGarbledPagesIsRefusedAtOpenNamingTheFile() throws Exception {
        Path file = dir.resolve("garbled.db");
        fillAndClose(file);
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] noise = new byte[(int) (size / 2)];
            new java.util.Random(7).nextBytes(noise);
            raf.seek(4096);
            raf.write(noise);
        }
        DatabaseException error = assertThrows(DatabaseException.class, () -> open(file));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void hundredsOfConcurrentWritersAllCommit() throws Exception {
        SqliteDatabase db = open(dir.resolve("engine.db"));
        createKv(db);
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) {
                String key = "k" + i;
                futures.add(CompletableFuture.supplyAsync(() -> db.write(insert(key, "v")).join(), executor));
            }
            futures.forEach(CompletableFuture::join);
        }
        assertEquals(500, count(db));
    }

    @Test
    void writesAfterCloseAreRefused() {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("engine.db"));
        db.close();
        CompletionException error = assertThrows(CompletionException.class, () -> db.write(c -> 1).join());
        assertInstanceOf(DatabaseException.class, error.getCause());
    }

    private void fillAndClose(Path file) {
        SqliteDatabase db = SqliteDatabase.open(file);
        createKv(db);
        db.write(c -> {
            for (int i = 0; i < 2000; i++) {
                insert("key-" + i, "value-".repeat(20) + i).run(c);
            }
            return null;
        }).join();
        db.close();
    }

    private static List<String> keys(SqliteDatabase db) {
        return db.read(c -> {
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT k FROM kv ORDER BY k")) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            return keys;
        });
    }
}
