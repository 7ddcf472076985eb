package dev.durablehooks.chaos.drill;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The live progress line: rewritten in place (carriage return) on a terminal, printed as plain lines otherwise, at
 * most once per second.
 */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final Supplier<String> line;
    private final Thread ticker;
    private volatile boolean running = true;
    private int lastLength;

    Progress(PrintStream out, boolean enabled, Supplier<String> line) {
        this.out = out;
        this.terminal = isTerminal();
        this.line = line;
        this.ticker = Thread.ofPlatform().daemon().name("chaos-progress").unstarted(this::run);
        if (enabled) {
            ticker.start();
        }
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                print(line.get());
            }
        }
    }

    private synchronized void print(String text) {
        if (terminal) {
            String padded = text.length() < lastLength ? text + " ".repeat(lastLength - text.length()) : text;
            out.print("\r" + padded);
            lastLength = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Prints a message on its own line without garbling the progress line. */
    synchronized void message(String text) {
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        out.println(text);
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        try {
            ticker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (terminal && lastLength > 0) {
                out.println();
                lastLength = 0;
            }
        }
    }

    /** Console.isTerminal() exists from Java 22; this code targets 21, so ask for it reflectively. */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static String format(String drill, long elapsedMillis, int sent, int acknowledged, int completed, int accepted,
                         long kills, int restarts) {
        return String.format(Locale.ROOT, "[%s %5.1fs] sent=%d acknowledged=%d completed=%d/%d kills=%d restarts=%d",
                drill, elapsedMillis / 1000.0, sent, acknowledged, completed, accepted, kills, restarts);
    }
}
