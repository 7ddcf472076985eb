package dev.durablehooks.durable.context;

/** What a step's function sees. Steps are leaves: no durable operations inside a step. */
public interface StepContext {
    /** The 1-based attempt number of this run of the step. */
    int getAttempt();

    String getExecutionArn();

    /** The step's operation id (stable across replays and retries: a natural idempotency key). */
    String getOperationId();
}
