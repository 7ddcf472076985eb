package dev.durablehooks.durable.local.sqlite;

/** A database that cannot be opened or used; the message names the file and the reason. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseException(String message) {
        super(message);
    }
}
