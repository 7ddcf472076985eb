package dev.durablehooks.chaos.process;

import java.util.Objects;

/** Something that happened to the service or its environment during a drill, for the report's timeline. */
public record TimelineEvent(long atMillis, Kind kind, String detail) {
    public enum Kind { START, LISTENING, KILL, HALT, EXIT, STOP, DOWNSTREAM_OUTAGE, DOWNSTREAM_RECOVERED, PHASE }

    public TimelineEvent {
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }
}
