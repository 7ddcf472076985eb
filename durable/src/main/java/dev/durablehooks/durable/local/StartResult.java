package dev.durablehooks.durable.local;

/** The durable execution that {@link DurableExecutions#start} found or created. */
public record StartResult(String durableExecutionArn, boolean created) {
}
