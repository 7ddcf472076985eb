package dev.durablehooks.service.store;

import dev.durablehooks.durable.local.sqlite.SqlStartGuard;
import dev.durablehooks.durable.local.sqlite.SqliteDatabase;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The service's own tables (status records and dedup keys) in the SQLite file the durable engine uses.
 * Every write goes through the database's group commit; a returned future completes once the change is durable.
 *
 * <p>{@code webhook_status} is an ordinary rowid table: a completed record holds the payload about three times
 * (payload, and the result's {@code originalPayload} and {@code dataTransformed}), and a WITHOUT ROWID table would put
 * all but ~1 KB of it on an overflow page of its own (4.7 KB on disk for a 256-byte filler payload, 1.4 KB now;
 * service/bench/storage.sh). Files created before keep their WITHOUT ROWID table; the statements work on both.
 */
public final class WebhookStore {
    private static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS webhook_status (
              token TEXT PRIMARY KEY,
              status TEXT NOT NULL,
              status_rank INTEGER NOT NULL,
              current_step TEXT NOT NULL,
              accepted_at INTEGER NOT NULL,
              payload TEXT NOT NULL,
              result TEXT,
              error TEXT,
              completed_at TEXT,
              updated_at INTEGER NOT NULL,
              ttl INTEGER NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS webhook_status_by_status ON webhook_status(status, accepted_at, token)",
            "CREATE INDEX IF NOT EXISTS webhook_status_by_accept ON webhook_status(accepted_at, token)",
            "CREATE INDEX IF NOT EXISTS webhook_status_by_ttl ON webhook_status(ttl)",
            """
            CREATE TABLE IF NOT EXISTS webhook_dedup (
              dedup_key TEXT PRIMARY KEY,
              token TEXT NOT NULL,
              body_sha256 BLOB NOT NULL,
              expires_at INTEGER NOT NULL) WITHOUT ROWID""",
            "CREATE INDEX IF NOT EXISTS webhook_dedup_by_expiry ON webhook_dedup(expires_at)",
            """
            CREATE TABLE IF NOT EXISTS webhook_redrive (
              token TEXT PRIMARY KEY,
              redrives INTEGER NOT NULL,
              execution_name TEXT NOT NULL,
              input TEXT NOT NULL) WITHOUT ROWID""");

    private static final String INSERT_DEDUP =
            "INSERT INTO webhook_dedup(dedup_key, token, body_sha256, expires_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT(dedup_key) DO NOTHING";
    private static final String FIND_DEDUP = "SELECT token, body_sha256, expires_at FROM webhook_dedup WHERE dedup_key = ?";
    private static final String REPLACE_EXPIRED_DEDUP =
            "UPDATE webhook_dedup SET token = ?, body_sha256 = ?, expires_at = ? WHERE dedup_key = ? AND expires_at <= ?";
    private static final String INSERT_STATUS =
            "INSERT INTO webhook_status(token, status, status_rank, current_step, accepted_at, payload, updated_at, ttl) "
                    + "VALUES (?, 'STARTED', 0, 'unknown', ?, ?, ?, ?)";
    private static final String UPDATE_STATUS =
            "UPDATE webhook_status SET status = ?, status_rank = ?, current_step = ?, updated_at = ?, "
                    + "result = COALESCE(?, result), error = COALESCE(?, error), completed_at = COALESCE(?, completed_at) "
                    + "WHERE token = ? AND status_rank < ?";
    private static final String FIND_STATUS =
            "SELECT token, status, current_step, accepted_at, payload, result, error, completed_at, updated_at, ttl "
                    + "FROM webhook_status WHERE token = ? AND ttl > ?";
    private static final String LIST_ALL =
            "SELECT token, status, current_step, accepted_at, updated_at, error FROM webhook_status "
                    + "WHERE ttl > ? AND (accepted_at < ? OR (accepted_at = ? AND token < ?)) "
                    + "ORDER BY accepted_at DESC, token DESC LIMIT ?";
    private static final String LIST_BY_STATUS =
            "SELECT token, status, current_step, accepted_at, updated_at, error FROM webhook_status "
                    + "WHERE status = ? AND ttl > ? AND (accepted_at < ? OR (accepted_at = ? AND token < ?)) "
                    + "ORDER BY accepted_at DESC, token DESC LIMIT ?";
    private static final String UNFINISHED_PAGE =
            "SELECT token, accepted_at, payload, status, current_step FROM webhook_status WHERE status = ? AND ttl > ? "
                    + "AND accepted_at <= ? AND (accepted_at > ? OR (accepted_at = ? AND token > ?)) "
                    + "ORDER BY accepted_at, token LIMIT ?";
    private static final String EXPIRED_STATUS =
            "DELETE FROM webhook_status WHERE token IN (SELECT token FROM webhook_status WHERE ttl <= ? LIMIT ?)";
    private static final String EXPIRED_DEDUP =
            "DELETE FROM webhook_dedup WHERE dedup_key IN (SELECT dedup_key FROM webhook_dedup WHERE expires_at <= ? LIMIT ?)";
    private static final String FIND_REDRIVE =
            "SELECT redrives, execution_name, input FROM webhook_redrive WHERE token = ?";
    private static final String UPSERT_REDRIVE =
            "INSERT INTO webhook_redrive(token, redrives, execution_name, input) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT(token) DO UPDATE SET redrives = excluded.redrives, "
                    + "execution_name = excluded.execution_name, input = excluded.input";
    private static final String REOPEN =
            "UPDATE webhook_status SET status = ?, status_rank = ?, current_step = ?, error = NULL, updated_at = ? "
                    + "WHERE token = ? AND status = 'FAILED' AND ttl > ?";
    private static final String DELETE_EXPIRED_REDRIVES =
            "DELETE FROM webhook_redrive WHERE token NOT IN (SELECT token FROM webhook_status)";
    private static final String COUNT_BY_STATUS = "SELECT status, count(*) FROM webhook_status GROUP BY status";

    private final SqliteDatabase db;
    private final Clock clock;
    private final Duration retention;
    private final Duration dedupWindow;

    private WebhookStore(SqliteDatabase db, Clock clock, Duration retention, Duration dedupWindow) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
        this.dedupWindow = dedupWindow;
    }

    /** Creates the service's tables if needed (durably) and returns the store. */
    public static WebhookStore open(SqliteDatabase db, Clock clock, Duration retention, Duration dedupWindow) {
        Objects.requireNonNull(db, "db");
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
            }
            return null;
        }).join();
        return new WebhookStore(db, Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(retention, "retention"),
                Objects.requireNonNull(dedupWindow, "dedupWindow"));
    }

    /**
     * In one atomic, group-committed write: claims the delivery's dedup key (if it has one) and stores its STARTED
     * record. A key already claimed (and not expired) yields the first delivery's token and stores nothing.
     */
    public CompletableFuture<AcceptOutcome> accept(Delivery delivery) {
        long nowMillis = clock.millis();
        return db.write(c -> decide(c, delivery, nowMillis));
    }

    /**
     * {@link #accept} as a start guard: the same decision, in the transaction that creates the delivery's durable
     * execution, which is created only if the delivery was accepted. {@code outcome} receives the decision (again,
     * should the write be run a second time).
     */
    public SqlStartGuard acceptGuard(Delivery delivery, Consumer<AcceptOutcome> outcome) {
        long nowMillis = clock.millis();
        return c -> {
            AcceptOutcome decided = decide(c, delivery, nowMillis);
            outcome.accept(decided);
            return decided instanceof AcceptOutcome.Accepted;
        };
    }

    private AcceptOutcome decide(Connection c, Delivery delivery, long nowMillis) throws SQLException {
        long ttl = nowMillis / 1000 + retention.toSeconds();
        // A key is not remembered beyond its record: a token that no longer exists must not be handed out.
        long dedupExpires = Math.min(nowMillis / 1000 + dedupWindow.toSeconds(), ttl);
        if (delivery.dedupKey() != null) {
            PreparedStatement insert = db.statement(c, INSERT_DEDUP);
            insert.setString(1, delivery.dedupKey());
            insert.setString(2, delivery.token());
            insert.setBytes(3, delivery.bodySha256());
            insert.setLong(4, dedupExpires);
            if (insert.executeUpdate() == 0) {
                Optional<AcceptOutcome> existing = existingClaim(c, delivery, nowMillis / 1000, dedupExpires);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
        }
        PreparedStatement status = db.statement(c, INSERT_STATUS);
        status.setString(1, delivery.token());
        status.setLong(2, nowMillis);
        status.setString(3, delivery.payloadJson());
        status.setLong(4, nowMillis);
        status.setLong(5, ttl);
        status.executeUpdate();
        return new AcceptOutcome.Accepted(delivery.token());
    }

    private Optional<AcceptOutcome> existingClaim(Connection c, Delivery delivery, long nowSeconds, long dedupExpires)
            throws SQLException {
        PreparedStatement find = db.statement(c, FIND_DEDUP);
        find.setString(1, delivery.dedupKey());
        String token;
        byte[] digest;
        long expires;
        try (ResultSet rs = find.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("dedup key vanished inside its own transaction");
            }
            token = rs.getString(1);
            digest = rs.getBytes(2);
            expires = rs.getLong(3);
        }
        if (expires > nowSeconds) {
            return Optional.of(new AcceptOutcome.Duplicate(token, Arrays.equals(digest, delivery.bodySha256())));
        }
        PreparedStatement replace = db.statement(c, REPLACE_EXPIRED_DEDUP);
        replace.setString(1, delivery.token());
        replace.setBytes(2, delivery.bodySha256());
        replace.setLong(3, dedupExpires);
        replace.setString(4, delivery.dedupKey());
        replace.setLong(5, nowSeconds);
        replace.executeUpdate();
        return Optional.empty();
    }

    /**
     * Moves the record forward to {@code update.status()}; does nothing if it is already there or further
     * (so a replayed step never moves a status backwards). Completes with whether the record changed (false also
     * when a higher update of the same record, committed in the same transaction, made this one unnecessary).
     */
    public CompletableFuture<Boolean> advance(String token, StatusUpdate update) {
        long now = clock.millis();
        // Updates of one record that meet in a batch become one: the highest rank's (the others would change nothing
        // after it, or be overwritten by it). A superseded update completes with false.
        return db.writeCoalescing(new StatusOf(token), update.status().rank(), Boolean.FALSE, c -> {
            PreparedStatement ps = db.statement(c, UPDATE_STATUS);
            ps.setString(1, update.status().name());
            ps.setInt(2, update.status().rank());
            ps.setString(3, update.currentStep());
            ps.setLong(4, now);
            ps.setString(5, update.resultJson());
            ps.setString(6, update.error());
            ps.setString(7, update.completedAt());
            ps.setString(8, token);
            ps.setInt(9, update.status().rank());
            return ps.executeUpdate() > 0;
        });
    }

    /** The record, unless unknown or past its ttl (even if not yet swept). */
    public Optional<StatusRecord> find(String token) {
        long nowSeconds = clock.millis() / 1000;
        return db.read(c -> {
            PreparedStatement ps = db.statement(c, FIND_STATUS);
            ps.setString(1, token);
            ps.setLong(2, nowSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StatusRecord(rs.getString(1), WebhookStatus.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getLong(9), rs.getLong(10)));
            }
        });
    }

    /** Newest first; {@code status} null = every status. */
    public ListPage list(WebhookStatus status, int limit, String cursor) {
        Cursor after = cursor == null ? Cursor.START : Cursor.decode(cursor);
        long nowSeconds = clock.millis() / 1000;
        return db.read(c -> {
            PreparedStatement ps;
            int i = 1;
            if (status == null) {
                ps = db.statement(c, LIST_ALL);
            } else {
                ps = db.statement(c, LIST_BY_STATUS);
                ps.setString(i++, status.name());
            }
            ps.setLong(i++, nowSeconds);
            ps.setLong(i++, after.acceptedAt());
            ps.setLong(i++, after.acceptedAt());
            ps.setString(i++, after.token());
            ps.setInt(i, limit + 1);
            List<ExecutionSummary> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new ExecutionSummary(rs.getString(1), WebhookStatus.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6)));
                }
            }
            String next = null;
            if (items.size() > limit) {
                items.remove(items.size() - 1);
                ExecutionSummary last = items.get(items.size() - 1);
                next = new Cursor(last.acceptedAtMillis(), last.token()).encode();
            }
            return new ListPage(items, next);
        });
    }

    /**
     * Records in the non-terminal {@code status} accepted at or before {@code acceptedUpToMillis}, oldest first,
     * after {@code after} (null = from the start).
     */
    public List<PendingStart> unfinishedRecords(WebhookStatus status, long acceptedUpToMillis, PendingStart after, int limit) {
        if (status.isTerminal()) {
            throw new IllegalArgumentException("not an unfinished status: " + status);
        }
        long nowSeconds = clock.millis() / 1000;
        return db.read(c -> {
            PreparedStatement ps = db.statement(c, UNFINISHED_PAGE);
            ps.setString(1, status.name());
            ps.setLong(2, nowSeconds);
            ps.setLong(3, acceptedUpToMillis);
            ps.setLong(4, after == null ? Long.MIN_VALUE : after.acceptedAtMillis());
            ps.setLong(5, after == null ? Long.MIN_VALUE : after.acceptedAtMillis());
            ps.setString(6, after == null ? "" : after.token());
            ps.setInt(7, limit);
            List<PendingStart> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(new PendingStart(rs.getString(1), rs.getLong(2), rs.getString(3),
                            WebhookStatus.valueOf(rs.getString(4)), rs.getString(5)));
                }
            }
            return page;
        });
    }

    /** Deletes up to {@code limit} status records and dedup keys past their expiry; returns how many rows went. */
    public CompletableFuture<Integer> sweepExpired(int limit) {
        long nowSeconds = clock.millis() / 1000;
        return db.write(c -> {
            PreparedStatement status = db.statement(c, EXPIRED_STATUS);
            status.setLong(1, nowSeconds);
            status.setInt(2, limit);
            int deleted = status.executeUpdate();
            PreparedStatement dedup = db.statement(c, EXPIRED_DEDUP);
            dedup.setLong(1, nowSeconds);
            dedup.setInt(2, limit);
            deleted += dedup.executeUpdate();
            if (deleted > 0) {
                deleted += db.statement(c, DELETE_EXPIRED_REDRIVES).executeUpdate();
            }
            return deleted;
        });
    }

    /** The latest redrive of {@code token}, if it was ever redriven. */
    public Optional<Redrive> redrive(String token) {
        return db.read(c -> {
            PreparedStatement ps = db.statement(c, FIND_REDRIVE);
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Redrive(token, rs.getInt(1), rs.getString(2), rs.getString(3)))
                        : Optional.<Redrive>empty();
            }
        });
    }

    /**
     * Atomically moves a FAILED record back to the status of the step that will run again and records the
     * redrive. Completes with false (and changes nothing) if the record is not FAILED any more (a concurrent
     * redrive won) or has expired. This is the one write that lowers a status, and only an operator asks for it.
     */
    public CompletableFuture<Boolean> reopen(Redrive redrive, WebhookStatus resumeAt, String step) {
        long now = clock.millis();
        return db.write(c -> {
            PreparedStatement reopen = db.statement(c, REOPEN);
            reopen.setString(1, resumeAt.name());
            reopen.setInt(2, resumeAt.rank());
            reopen.setString(3, step);
            reopen.setLong(4, now);
            reopen.setString(5, redrive.token());
            reopen.setLong(6, now / 1000);
            if (reopen.executeUpdate() == 0) {
                return false;
            }
            PreparedStatement upsert = db.statement(c, UPSERT_REDRIVE);
            upsert.setString(1, redrive.token());
            upsert.setInt(2, redrive.count());
            upsert.setString(3, redrive.executionName());
            upsert.setString(4, redrive.inputJson());
            upsert.executeUpdate();
            return true;
        });
    }

    /** Completes once every write issued before this call (to any table of the file) is durable. */
    public CompletableFuture<Void> awaitDurable() {
        return db.awaitDurable();
    }

    /** Store reachability: one trivial read. */
    public boolean reachable() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.next();
            }
        });
    }

    /** How many records are in each status (including expired, not yet swept). */
    public java.util.Map<WebhookStatus, Long> countByStatus() {
        return db.read(c -> {
            java.util.Map<WebhookStatus, Long> counts = new java.util.EnumMap<>(WebhookStatus.class);
            try (ResultSet rs = db.statement(c, COUNT_BY_STATUS).executeQuery()) {
                while (rs.next()) {
                    counts.put(WebhookStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    /** The coalescing key of a record's status writes. */
    private record StatusOf(String token) {
    }

    /** Position in the newest-first list: after (older than) this accept time and token. */
    private record Cursor(long acceptedAt, String token) {
        static final Cursor START = new Cursor(Long.MAX_VALUE, "");

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((acceptedAt + ":" + token).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = plain.indexOf(':');
                if (colon < 1) {
                    throw new InvalidCursorException();
                }
                return new Cursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new InvalidCursorException();
            }
        }
    }

    /** A list cursor that this store did not produce. */
    public static final class InvalidCursorException extends IllegalArgumentException {
        public InvalidCursorException() {
            super("cursor is not valid");
        }
    }
}
