package dev.durablehooks.chaos.cli;

import java.util.Arrays;
import java.util.Optional;

/** The drills the tool runs. */
public enum DrillName {
    KILL_LOOP("kill-loop", "kill -9 the service at random moments while it is loaded, restart it each time"),
    STEP_FAULTS("step-faults", "halt the service with its CHAOS_FAULTS switch at every step x phase, restart it"),
    DOWNSTREAM_OUTAGE("downstream-outage", "the FORWARD_URL target answers 503 or hangs for a while, then recovers"),
    RECOVERY("recovery", "hold N executions in flight, kill -9, restart, and time the recovery"),
    REMOTE("remote", "send and observe only, against --base-url (kills come from the deployment's fault switch)");

    private final String cliName;
    private final String summary;

    DrillName(String cliName, String summary) {
        this.cliName = cliName;
        this.summary = summary;
    }

    public String cliName() {
        return cliName;
    }

    public String summary() {
        return summary;
    }

    public static Optional<DrillName> fromCli(String name) {
        return Arrays.stream(values()).filter(d -> d.cliName.equals(name)).findFirst();
    }
}
