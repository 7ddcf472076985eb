package dev.durablehooks.durable.local.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of database work run on a connection lent by {@link SqliteDatabase}. It must not commit or roll back.
 * A write work may be run a second time when another work of its group-commit batch fails (the first run is rolled
 * back), so it must only act on the database: no effects outside the connection.
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
