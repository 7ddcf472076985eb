package dev.durablehooks.durable.local.sqlite;

import java.util.List;

/**
 * Tables of the local durable-execution service. Timestamps are epoch microseconds (UTC). Every B-tree costs a page
 * write per commit that touches it, so there are no more than the queries need: the ARN needs no index of its own (it
 * contains the unique name and is looked up in memory only). The EXECUTION operation has no row: it is a view of its
 * execution's row. Files written before 2026-11-29 also hold a row for it and an {@code input_payload} column in
 * {@code durable_operations}; both are left there and ignored.
 *
 * <p>{@code durable_executions} is an ordinary rowid table although that adds a B-tree (the name index): its rows
 * carry the input. A WITHOUT ROWID table keeps only ~1 KB of a row in its B-tree page and puts the rest on an overflow
 * page of its own, so an execution with a 1 KB input took ~4.7 KB on disk; as a rowid table, rows up to ~4 KB stay in
 * the page, ~2 KB (service/bench/storage.sh). Files created before this change keep their WITHOUT ROWID table; the
 * statements work on both.
 */
final class EngineSchema {
    private EngineSchema() {
    }

    static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS durable_executions (
              name             TEXT PRIMARY KEY,
              arn              TEXT NOT NULL,
              input            TEXT,
              status           TEXT NOT NULL,
              result           TEXT,
              error            TEXT,
              started_at       INTEGER NOT NULL,
              ended_at         INTEGER,
              wake_at          INTEGER,
              lease_owner      TEXT,
              lease_expires_at INTEGER
            )""",
            "CREATE INDEX IF NOT EXISTS durable_executions_running ON durable_executions(status) WHERE status = 'RUNNING'",
            "CREATE INDEX IF NOT EXISTS durable_executions_ended ON durable_executions(ended_at) WHERE ended_at IS NOT NULL",
            """
            CREATE TABLE IF NOT EXISTS durable_operations (
              execution_name   TEXT NOT NULL,
              seq              INTEGER NOT NULL,
              id               TEXT NOT NULL,
              parent_id        TEXT,
              name             TEXT,
              type             TEXT NOT NULL,
              sub_type         TEXT,
              status           TEXT NOT NULL,
              start_ts         INTEGER,
              end_ts           INTEGER,
              attempt          INTEGER,
              next_attempt_ts  INTEGER,
              result           TEXT,
              error            TEXT,
              scheduled_end_ts INTEGER,
              replay_children  INTEGER,
              PRIMARY KEY (execution_name, id)
            ) WITHOUT ROWID""");
}
