package dev.durablehooks.durable.operation;

import java.time.Instant;

/** STEP state: attempts so far (incremented on RETRY, FAIL and SUCCEED), next retry time, result or error. */
public record StepDetails(int attempt, Instant nextAttemptTimestamp, String result, ErrorObject error) {
}
