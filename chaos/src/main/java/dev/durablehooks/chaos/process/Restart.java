package dev.durablehooks.chaos.process;

/**
 * One (re)start of the service: when the process was spawned, when it printed its Listening line (0 if it never
 * did), and when the crash it recovers from happened (0 for the first start).
 */
public record Restart(int run, long spawnedAtMillis, long listeningAtMillis, long crashAtMillis) {
    public boolean afterCrash() {
        return crashAtMillis > 0;
    }
}
