package dev.durablehooks.durable.local.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of database work run on a connection lent by {@link SqliteDatabase}. It must not commit or roll back. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
