package dev.durablehooks.durable.config;

/** How often a step's function may run per attempt. */
public enum StepSemantics {
    /** Default: START is not awaited; a crash after the side effect re-runs the same attempt. */
    AT_LEAST_ONCE_PER_RETRY,
    /** START is acknowledged before user code runs; a crash mid-attempt becomes an interruption error. */
    AT_MOST_ONCE_PER_RETRY
}
