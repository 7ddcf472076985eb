package dev.durablehooks.durable.operation;

/** What an {@link OperationUpdate} asks the service to do. */
public enum OperationAction {
    START, SUCCEED, FAIL, RETRY, CANCEL
}
