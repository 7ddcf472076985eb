package dev.durablehooks.durable.local.sqlite;

import dev.durablehooks.durable.local.StartGuard;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A start guard for the SQLite store: runs first in the transaction that creates the execution. Returning false
 * creates nothing (the guard's own changes stay, as the guard decides). Like every {@link SqlWork}, it may run twice
 * when another write of its batch fails, so it must only act on the database.
 */
@FunctionalInterface
public interface SqlStartGuard extends StartGuard {
    boolean admit(Connection c) throws SQLException;
}
