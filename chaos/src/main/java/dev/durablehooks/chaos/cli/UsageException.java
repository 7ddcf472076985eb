package dev.durablehooks.chaos.cli;

/** The command line is wrong; the message says how, in words a user can act on. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
