package dev.durablehooks.service.store;

/** A STARTED record, for the pass that makes sure each has its durable execution. */
public record PendingStart(String token, long acceptedAtMillis, String payloadJson) {
}
