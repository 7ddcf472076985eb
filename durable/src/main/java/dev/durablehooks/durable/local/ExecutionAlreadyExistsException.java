package dev.durablehooks.durable.local;

/** An execution with this name exists with a different input. */
public class ExecutionAlreadyExistsException extends RuntimeException {
    private final String executionName;

    public ExecutionAlreadyExistsException(String executionName) {
        super("An execution named '" + executionName + "' already exists with a different input");
        this.executionName = executionName;
    }

    public String executionName() {
        return executionName;
    }
}
