package dev.durablehooks.durable.local.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One SQLite file shared by the durable engine and its host: WAL journal, {@code synchronous=FULL} (every commit
 * is fsync'd), one writer thread doing group commit, and a small pool of read-only connections.
 *
 * <p>Group commit: the writer takes every queued {@link #write} (up to {@value #MAX_BATCH}), runs them in one
 * transaction, then COMMITs once and only then completes their futures. A work that throws takes back only its
 * own changes and its future completes with that exception; the others commit. (The batch first runs without
 * savepoints; when a work fails, it is rolled back and run again with a SAVEPOINT around each work, so a work
 * may run twice: see {@link SqlWork}.)
 * If the transaction itself cannot be committed (disk full, I/O error), every future of the batch fails and the
 * database stays usable for the next batch.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int MAX_BATCH = 1024;
    private static final int READERS = 4;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * Short, so that each checkpoint has little to copy: a checkpoint ends with an fsync of the database file, and a
     * commit's fsync that meets it waits for it (every 100 ms, it stalled a commit for ~7 ms each time; see
     * {@link WalCheckpointer}).
     */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(10);
    private static final Duration DEFAULT_UNAWAITED_COMMIT_DELAY = Duration.ofMillis(1);

    private final Path file;
    private final Connection writer;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders;
    private final LinkedBlockingQueue<QueuedWork<?>> queue = new LinkedBlockingQueue<>();
    private final Map<Connection, Map<String, PreparedStatement>> statementCache = new ConcurrentHashMap<>();
    private final Thread writerThread;
    private final WalCheckpointer checkpointer;
    private final long unawaitedCommitDelayNanos;
    /** Awaited writes queued and not yet taken by the writer: while there is none, unawaited ones may wait. */
    private final AtomicInteger awaitedQueued = new AtomicInteger();
    private final LongAdder commits = new LongAdder();
    private final LongAdder committedWorks = new LongAdder();
    private volatile boolean closed;
    private volatile CommitObserver commitObserver = (works, nanos) -> {
    };

    private SqliteDatabase(Path file, Connection writer, List<Connection> readers, WalCheckpointer checkpointer,
                           long unawaitedCommitDelayNanos) {
        this.file = file;
        this.unawaitedCommitDelayNanos = unawaitedCommitDelayNanos;
        this.writer = writer;
        this.checkpointer = checkpointer;
        this.allReaders = List.copyOf(readers);
        this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
        this.writerThread = Thread.ofPlatform().name("sqlite-writer-" + file.getFileName()).daemon(true)
                .unstarted(this::writeLoop);
    }

    /**
     * Opens (creating if needed) {@code file}: creates parent directories, checks an existing file is a whole
     * SQLite database, sets WAL and {@code synchronous=FULL}, runs a quick integrity check and creates the engine
     * schema. A corrupt or truncated file fails here with a {@link DatabaseException} naming the file.
     */
    public static SqliteDatabase open(Path file) {
        return open(file, DEFAULT_UNAWAITED_COMMIT_DELAY);
    }

    /**
     * {@link #open(Path)} with the longest time an unawaited write ({@link #writeUnawaited}) may wait for an awaited
     * one to share its commit (default 1 ms).
     */
    public static SqliteDatabase open(Path file, Duration unawaitedCommitDelay) {
        Objects.requireNonNull(file, "file");
        if (unawaitedCommitDelay == null || unawaitedCommitDelay.isNegative()) {
            throw new IllegalArgumentException("unawaitedCommitDelay must be >= 0, was " + unawaitedCommitDelay);
        }
        Path absolute = file.toAbsolutePath();
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new DatabaseException("Cannot create the directory of SQLite database " + absolute + ": " + e.getMessage(), e);
        }
        SqliteHeader.check(absolute);
        SqliteNativeLibrary.useSharedCopy();
        Connection writer = null;
        Connection checkpointer = null;
        List<Connection> readers = new ArrayList<>();
        try {
            writer = connect(absolute, false);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA journal_size_limit=67108864");
                // A larger page cache keeps the B-tree pages that random keys touch.
                s.execute("PRAGMA cache_size=-32768");
                // WalCheckpointer copies the WAL back on its own thread; the writer's own checkpoint (past 4,000
                // frames) then finds little or nothing left to copy, and is still what lets the WAL restart from its
                // beginning: that needs a moment when the whole WAL is copied and no write is going on.
                s.execute("PRAGMA wal_autocheckpoint=4000");
                try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                    List<String> problems = new ArrayList<>();
                    while (rs.next() && problems.size() < 5) {
                        String line = rs.getString(1);
                        if (!"ok".equalsIgnoreCase(line)) {
                            problems.add(line);
                        }
                    }
                    if (!problems.isEmpty()) {
                        throw new DatabaseException("SQLite database " + absolute + " is corrupt: " + String.join("; ", problems));
                    }
                }
                for (String ddl : EngineSchema.DDL) {
                    s.execute(ddl);
                }
            }
            for (int i = 0; i < READERS; i++) {
                readers.add(connect(absolute, true));
            }
            checkpointer = connect(absolute, false);
        } catch (SQLException e) {
            closeQuietly(writer);
            closeQuietly(checkpointer);
            readers.forEach(SqliteDatabase::closeQuietly);
            throw new DatabaseException("Cannot open SQLite database " + absolute + " (corrupt, truncated or unreadable?): "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(writer);
            closeQuietly(checkpointer);
            readers.forEach(SqliteDatabase::closeQuietly);
            throw e;
        }
        SqliteDatabase db = new SqliteDatabase(absolute, writer, readers,
                new WalCheckpointer(absolute, checkpointer, CHECKPOINT_INTERVAL), unawaitedCommitDelay.toNanos());
        db.writerThread.start();
        db.checkpointer.start();
        return db;
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // Nothing here reads generated keys; with them on, the driver ran "SELECT last_insert_rowid()" through a
        // new statement after every INSERT: a fifth of the writer thread's time at saturation.
        config.setGetGeneratedKeys(false);
        config.setReadOnly(readOnly);
        if (!readOnly) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    public Path file() {
        return file;
    }

    /**
     * Queues {@code work} for the next group-committed transaction. The future completes with the work's result
     * only after COMMIT returned (the change is on disk), or exceptionally with the work's own exception (its
     * changes rolled back), or with the commit failure (every work of that batch rolled back).
     * Callbacks attached to the future do not run on the writer thread.
     */
    public <T> CompletableFuture<T> write(SqlWork<T> work) {
        return enqueue(new QueuedWork<>(work, false, null, 0, null));
    }

    /**
     * Like {@link #write}, for a write nobody waits for (its future is only watched for failure): its commit may be
     * held back for a moment (1 ms by default, see {@link #open(Path, Duration)}) so that it shares the commit of the
     * next awaited write instead of costing a commit (an fsync) of its own. Queue order is unchanged: an unawaited
     * write still commits with or before every write queued after it. To wait for it after all, call
     * {@link #awaitDurable()}.
     */
    public <T> CompletableFuture<T> writeUnawaited(SqlWork<T> work) {
        return enqueue(new QueuedWork<>(work, true, null, 0, null));
    }

    private <T> CompletableFuture<T> enqueue(QueuedWork<T> queued) {
        if (closed) {
            queued.future.completeExceptionally(new DatabaseException("SQLite database " + file + " is closed"));
            return queued.future;
        }
        if (!queued.unawaited) {
            awaitedQueued.incrementAndGet();
        }
        queue.add(queued);
        if (!queued.unawaited) {
            LockSupport.unpark(writerThread);
        }
        if (closed && queue.remove(queued)) {
            queued.future.completeExceptionally(new DatabaseException("SQLite database " + file + " is closed"));
        }
        return queued.future;
    }

    /**
     * A write that others with the same {@code key} in the same group-commit batch may make unnecessary: of a batch's
     * writes sharing a key, only the one with the highest {@code precedence} runs (the first queued among equals), at
     * its own place in the batch; the others complete with {@code resultIfSuperseded} once the batch commits, or fail
     * with the same error as the one that ran. Since a batch commits as a whole, this is the same as running them
     * all in queue order, <em>if</em> running that one alone leaves the database as running them all would, and no
     * other write in the batch depends on the skipped ones. Status writes that only move forward are the example:
     * three steps' updates of one record queued within one commit interval become one UPDATE. Such writes are
     * unawaited ({@link #writeUnawaited}): their commit may wait a moment for company.
     */
    public <T> CompletableFuture<T> writeCoalescing(Object key, int precedence, T resultIfSuperseded, SqlWork<T> work) {
        Objects.requireNonNull(key, "key");
        return enqueue(new QueuedWork<>(work, true, key, precedence, resultIfSuperseded));
    }

    /**
     * Completes once every write queued before this call is durable (an empty work in the FIFO queue: it commits
     * with or after all of them).
     */
    public CompletableFuture<Void> awaitDurable() {
        return write(c -> null);
    }

    /**
     * Tells {@code observer}, on the writer thread, of every COMMIT: the writes it made durable and how long the COMMIT
     * itself took (the WAL write and its fsync: the part of every acknowledged write's latency the disk decides).
     * The observer must be quick; what it throws is logged and ignored. Replaces the previous observer.
     */
    public void observeCommits(CommitObserver observer) {
        this.commitObserver = Objects.requireNonNull(observer, "observer");
    }

    /** See {@link #observeCommits}. */
    @FunctionalInterface
    public interface CommitObserver {
        void committed(int works, long nanos);
    }

    /** Transactions committed so far (each one fsync'd): with {@link #committedWorks()}, the group commit's batch size. */
    public long commits() {
        return commits.sum();
    }

    /** Writes committed so far, over all transactions. */
    public long committedWorks() {
        return committedWorks.sum();
    }

    /**
     * The database file's size as SQLite sees it: its pages (free ones included) times the page size. The WAL is not
     * counted: the checkpointer keeps copying it back into the file.
     */
    public long sizeBytes() {
        return read(c -> {
            try (ResultSet bytes = statement(c, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                    .executeQuery()) {
                return bytes.getLong(1);
            }
        });
    }

    /** Runs {@code work} on a read-only connection, in one read transaction (a consistent snapshot). */
    public <T> T read(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        if (closed) {
            throw new DatabaseException("SQLite database " + file + " is closed");
        }
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("Interrupted while waiting for a read connection to " + file, e);
        }
        try {
            control(c, "BEGIN").execute();
            try {
                return work.run(c);
            } finally {
                control(c, "COMMIT").execute();
            }
        } catch (SQLException e) {
            throw new DatabaseException("Read from SQLite database " + file + " failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * A prepared statement for {@code sql}, cached per connection. Use it only inside the work that received
     * {@code c}; do not close it (close its result sets).
     */
    public PreparedStatement statement(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> cache = statementCache.computeIfAbsent(c, k -> new HashMap<>());
        PreparedStatement ps = cache.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = c.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    private PreparedStatement control(Connection c, String sql) throws SQLException {
        return statement(c, sql);
    }

    private void writeLoop() {
        List<QueuedWork<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            QueuedWork<?> first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (first == QueuedWork.POISON) {
                return;
            }
            batch.clear();
            batch.add(first);
            if (first.unawaited) {
                awaitCompany(first);
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            for (QueuedWork<?> work : batch) {
                if (!work.unawaited && work != QueuedWork.POISON) {
                    awaitedQueued.decrementAndGet();
                }
            }
            boolean stop = batch.remove(QueuedWork.POISON);
            if (!batch.isEmpty()) {
                markSuperseded(batch);
                runBatch(List.copyOf(batch));
            }
            if (stop) {
                // Works queued after close() began are refused; anything queued before the poison ran above.
                List<QueuedWork<?>> late = new ArrayList<>();
                queue.drainTo(late);
                late.forEach(w -> w.future.completeExceptionally(new DatabaseException("SQLite database " + file + " is closed")));
                return;
            }
        }
    }

    /** Holds an unawaited write back until an awaited one is queued, the batch is full, or its delay is over. */
    private void awaitCompany(QueuedWork<?> first) {
        long deadline = first.queuedAtNanos + unawaitedCommitDelayNanos;
        while (awaitedQueued.get() == 0 && queue.size() < MAX_BATCH - 1 && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    /** See {@link #writeCoalescing}: links each superseded work to the one of its key that will run. */
    private static void markSuperseded(List<QueuedWork<?>> batch) {
        Map<Object, QueuedWork<?>> chosen = null;
        for (QueuedWork<?> work : batch) {
            if (work.key == null) {
                continue;
            }
            if (chosen == null) {
                chosen = new HashMap<>();
            }
            QueuedWork<?> best = chosen.get(work.key);
            if (best == null || work.precedence > best.precedence) {
                chosen.put(work.key, work);
            }
        }
        if (chosen == null) {
            return;
        }
        for (QueuedWork<?> work : batch) {
            if (work.key != null && chosen.get(work.key) != work) {
                work.supersededBy = chosen.get(work.key);
            }
        }
    }

    private void runBatch(List<QueuedWork<?>> batch) {
        // Fast path: one transaction, no savepoints. Only if a work fails is the batch rolled back and run again
        // with a savepoint around each work, so that the failure takes back only that work's changes.
        if (runOptimistically(batch)) {
            return;
        }
        batch.forEach(QueuedWork::reset);
        try {
            control(writer, "BEGIN IMMEDIATE").execute();
        } catch (SQLException e) {
            failAll(batch, e);
            return;
        }
        for (QueuedWork<?> work : batch) {
            try {
                control(writer, "SAVEPOINT work").execute();
            } catch (SQLException e) {
                abortBatch(batch, e);
                return;
            }
            try {
                work.runOn(writer);
                control(writer, "RELEASE work").execute();
            } catch (Throwable t) {
                work.failure = t;
                try {
                    control(writer, "ROLLBACK TO work").execute();
                    control(writer, "RELEASE work").execute();
                } catch (SQLException rollbackFailed) {
                    // SQLite may already have rolled the whole transaction back (e.g. SQLITE_FULL).
                    rollbackFailed.addSuppressed(t);
                    abortBatch(batch, rollbackFailed);
                    return;
                }
            }
        }
        commit(batch);
    }

    /** Returns false (transaction rolled back, nothing completed) when a work failed and the batch must be rerun. */
    private boolean runOptimistically(List<QueuedWork<?>> batch) {
        try {
            control(writer, "BEGIN IMMEDIATE").execute();
        } catch (SQLException e) {
            failAll(batch, e);
            return true;
        }
        for (QueuedWork<?> work : batch) {
            try {
                work.runOn(writer);
            } catch (Throwable t) {
                try {
                    control(writer, "ROLLBACK").execute();
                } catch (SQLException ignored) {
                    // already rolled back by SQLite
                }
                if (batch.size() == 1) {
                    work.failure = t;
                    Thread.startVirtualThread(work::complete);
                    return true;
                }
                return false;
            }
        }
        commit(batch);
        return true;
    }

    private void commit(List<QueuedWork<?>> batch) {
        long started = System.nanoTime();
        try {
            control(writer, "COMMIT").execute();
        } catch (SQLException e) {
            log.warn("COMMIT of {} works to {} failed: {}", batch.size(), file, e.getMessage());
            abortBatch(batch, e);
            return;
        }
        commits.increment();
        committedWorks.add(batch.size());
        try {
            commitObserver.committed(batch.size(), System.nanoTime() - started);
        } catch (RuntimeException e) {
            log.debug("commit observer failed", e);
        }
        Thread.startVirtualThread(() -> batch.forEach(QueuedWork::complete));
    }

    /** Rolls the transaction back; works that had succeeded fail with {@code cause}, failed works keep their own error. */
    private void abortBatch(List<QueuedWork<?>> batch, SQLException cause) {
        try {
            control(writer, "ROLLBACK").execute();
        } catch (SQLException ignored) {
            // No transaction left to roll back: SQLite already did it.
        }
        failAll(batch, cause);
    }

    private void failAll(List<QueuedWork<?>> batch, SQLException cause) {
        DatabaseException failure = new DatabaseException("Transaction on SQLite database " + file
                + " was rolled back: " + cause.getMessage(), cause);
        Thread.startVirtualThread(() -> batch.forEach(w -> {
            if (w.failure != null) {
                w.future.completeExceptionally(w.failure);
            } else {
                w.future.completeExceptionally(failure);
            }
        }));
    }

    /** Finishes the queued writes, then closes every connection. Later writes and reads are refused. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(QueuedWork.POISON);
        LockSupport.unpark(writerThread);
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpointer.close();
        for (Map<String, PreparedStatement> cache : statementCache.values()) {
            cache.values().forEach(SqliteDatabase::closeQuietly);
        }
        closeQuietly(writer);
        for (Connection reader : allReaders) {
            closeQuietly(reader);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("close failed", e);
        }
    }

    private static final class QueuedWork<T> {
        static final QueuedWork<Object> POISON = new QueuedWork<>(c -> null, false, null, 0, null);

        final SqlWork<T> work;
        final boolean unawaited;
        final long queuedAtNanos = System.nanoTime();
        final Object key;
        final int precedence;
        final T resultIfSuperseded;
        final CompletableFuture<T> future = new CompletableFuture<>();
        /** Set for the batch: the work of the same key that runs instead of this one. */
        QueuedWork<?> supersededBy;
        T result;
        Throwable failure;

        QueuedWork(SqlWork<T> work, boolean unawaited, Object key, int precedence, T resultIfSuperseded) {
            this.work = Objects.requireNonNull(work, "work");
            this.unawaited = unawaited;
            this.key = key;
            this.precedence = precedence;
            this.resultIfSuperseded = resultIfSuperseded;
        }

        void runOn(Connection c) throws SQLException {
            if (supersededBy == null) {
                result = work.run(c);
            } else {
                result = resultIfSuperseded;
            }
        }

        void reset() {
            result = null;
            failure = null;
        }

        void complete() {
            if (failure == null && supersededBy != null && supersededBy.failure != null) {
                failure = supersededBy.failure;
            }
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }
}
