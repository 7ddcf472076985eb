package dev.durablehooks.durable.local;

import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.execution.InvocationOutput;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationUpdate;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** An invoker the test drives by hand: each invocation waits until the test answers it. */
final class ManualInvoker implements Invoker {
    private final BlockingQueue<Held> invocations = new LinkedBlockingQueue<>();

    @Override
    public InvocationOutput invoke(InvocationInput input, DurableExecutionClient client) {
        Held held = new Held(input, client);
        invocations.add(held);
        try {
            return held.reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    Held next() {
        try {
            Held held = invocations.poll(20, TimeUnit.SECONDS);
            assertNotNull(held, "expected an invocation");
            return held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e);
        }
    }

    /** Asserts no invocation arrives within {@code millis}. */
    void expectNone(long millis) throws InterruptedException {
        Held held = invocations.poll(millis, TimeUnit.MILLISECONDS);
        if (held != null) {
            fail("unexpected invocation of " + held.input.durableExecutionArn());
        }
    }

    /** One invocation in progress: the test checkpoints with its token and finally answers it. */
    static final class Held {
        final InvocationInput input;
        final DurableExecutionClient client;
        final CompletableFuture<InvocationOutput> reply = new CompletableFuture<>();
        String token;

        Held(InvocationInput input, DurableExecutionClient client) {
            this.input = input;
            this.client = client;
            this.token = input.checkpointToken();
        }

        String arn() {
            return input.durableExecutionArn();
        }

        CheckpointResponse checkpoint(OperationUpdate... updates) {
            CheckpointResponse response = client.checkpoint(arn(), token, List.of(updates));
            token = response.checkpointToken();
            return response;
        }

        List<Operation> initialOperations() {
            return input.initialExecutionState().operations();
        }

        void answer(InvocationOutput output) {
            reply.complete(output);
        }

        void crash(RuntimeException e) {
            reply.completeExceptionally(e);
        }
    }
}
