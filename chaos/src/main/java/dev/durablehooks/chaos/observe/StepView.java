package dev.durablehooks.chaos.observe;

import java.util.Objects;

/** One entry of a status answer's {@code steps[]}, as the drill saw it. */
public record StepView(String name, String status, int attempts, String startedAt, String endedAt, String error) {
    public StepView {
        Objects.requireNonNull(name, "name");
        status = status == null ? "" : status;
    }

    public boolean finished() {
        return status.equals("SUCCEEDED") || status.equals("FAILED");
    }
}
