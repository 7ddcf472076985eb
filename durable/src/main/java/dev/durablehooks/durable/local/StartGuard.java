package dev.durablehooks.durable.local;

/**
 * A host's condition on starting an execution, decided in the same atomic store write that creates it (with its
 * own changes, if it admits). What it may do depends on the store: the SQLite store runs a
 * {@link dev.durablehooks.durable.local.sqlite.SqlStartGuard} in the creating transaction.
 */
public interface StartGuard {
}
