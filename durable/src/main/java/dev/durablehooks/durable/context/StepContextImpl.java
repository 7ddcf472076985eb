package dev.durablehooks.durable.context;

/** What one run of a step's function sees. */
record StepContextImpl(int attempt, String executionArn, String operationId) implements StepContext {
    @Override
    public int getAttempt() {
        return attempt;
    }

    @Override
    public String getExecutionArn() {
        return executionArn;
    }

    @Override
    public String getOperationId() {
        return operationId;
    }
}
