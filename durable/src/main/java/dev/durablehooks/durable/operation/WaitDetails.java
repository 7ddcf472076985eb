package dev.durablehooks.durable.operation;

import java.time.Instant;

/** WAIT state: when the service will mark the wait SUCCEEDED. */
public record WaitDetails(Instant scheduledEndTimestamp) {
}
