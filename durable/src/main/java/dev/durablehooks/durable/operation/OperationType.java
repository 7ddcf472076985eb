package dev.durablehooks.durable.operation;

/** The kinds of durable operation, spelled as on the wire. */
public enum OperationType {
    EXECUTION, CONTEXT, STEP, WAIT, CALLBACK, CHAINED_INVOKE
}
