package dev.durablehooks.durable.local;

import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.execution.InvocationOutput;

/** Runs one invocation of a durable handler; {@code DurableHandler::handle} fits. */
@FunctionalInterface
public interface Invoker {
    InvocationOutput invoke(InvocationInput input, DurableExecutionClient client);
}
