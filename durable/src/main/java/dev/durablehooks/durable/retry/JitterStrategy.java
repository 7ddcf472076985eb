package dev.durablehooks.durable.retry;

/** How a backoff delay is randomised: NONE = b; FULL = uniform[0, b); HALF = b/2 + uniform[0, b/2). */
public enum JitterStrategy {
    NONE, FULL, HALF
}
