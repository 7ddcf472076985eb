package dev.durablehooks.chaos.process;

import java.util.Objects;

/**
 * The service process ended while work may have been in flight. Mostly it died abruptly: killed by the drill ({@code kill -9}), halted by its fault switch (the
 * {@code CHAOS halt} line names step, phase, token and attempt), or exited on its own. {@code atMillis} is when the
 * drill sent the kill or read the halt line; either way it lies after the death's cause and before any restart.
 */
public record CrashEvent(long atMillis, Kind kind, String step, String phase, String token, int attempt) {
    /** STOP is a graceful stop (SIGTERM) by the drill: not a crash, but it too may cut a step short. */
    public enum Kind { KILL, HALT, UNEXPECTED_EXIT, STOP }

    public CrashEvent {
        Objects.requireNonNull(kind, "kind");
    }

    public static CrashEvent kill(long atMillis) {
        return new CrashEvent(atMillis, Kind.KILL, null, null, null, 0);
    }

    public static CrashEvent stop(long atMillis) {
        return new CrashEvent(atMillis, Kind.STOP, null, null, null, 0);
    }

    public static CrashEvent unexpectedExit(long atMillis) {
        return new CrashEvent(atMillis, Kind.UNEXPECTED_EXIT, null, null, null, 0);
    }

    public static CrashEvent halt(long atMillis, String step, String phase, String token, int attempt) {
        return new CrashEvent(atMillis, Kind.HALT, Objects.requireNonNull(step, "step"),
                Objects.requireNonNull(phase, "phase"), Objects.requireNonNull(token, "token"), attempt);
    }

    /**
     * Parses {@code CHAOS halt step=<step> phase=<phase> token=<token> attempt=<n>}; empty when the line is not one.
     */
    public static java.util.Optional<CrashEvent> parseHaltLine(String line, long atMillis) {
        int at = line.indexOf("CHAOS halt ");
        if (at < 0) {
            return java.util.Optional.empty();
        }
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String part : line.substring(at + "CHAOS halt ".length()).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        if (!fields.keySet().containsAll(java.util.List.of("step", "phase", "token"))) {
            return java.util.Optional.empty();
        }
        int attempt;
        try {
            attempt = Integer.parseInt(fields.getOrDefault("attempt", "0"));
        } catch (NumberFormatException e) {
            attempt = 0;
        }
        return java.util.Optional.of(halt(atMillis, fields.get("step"), fields.get("phase"), fields.get("token"), attempt));
    }
}
