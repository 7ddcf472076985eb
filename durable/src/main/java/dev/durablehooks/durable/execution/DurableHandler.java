package dev.durablehooks.durable.execution;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.context.DurableContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A durable function: extend it and implement {@link #handleRequest(Object, DurableContext)}.
 * The same class runs deployed on Lambda (through {@link RequestStreamHandler}, raw envelope JSON in and out)
 * and locally (the local service calls {@link #handle(InvocationInput, DurableExecutionClient)}).
 */
public abstract class DurableHandler<I, O> implements RequestStreamHandler {

    public abstract O handleRequest(I input, DurableContext ctx);

    /** Runs one invocation: replays stored state, runs new operations, reports SUCCEEDED, FAILED or PENDING. */
    public final InvocationOutput handle(InvocationInput input, DurableExecutionClient client) {
        throw new UnsupportedOperationException("implemented by the engine (issue 2)");
    }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context lambdaContext) throws IOException {
        throw new UnsupportedOperationException("implemented by the engine (issue 2)");
    }
}
