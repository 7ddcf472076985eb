package dev.durablehooks.durable.bench;

import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.execution.DurableHandler;
import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.execution.InvocationOutput;
import dev.durablehooks.durable.execution.InvocationStatus;
import dev.durablehooks.durable.operation.ExecutionDetails;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepDetails;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One invocation that replays a 100-step history in which every step SUCCEEDED: ids, lookups, type checks and
 * result deserialization, with no checkpoint call (a replayed terminal step sends nothing). Target: under 1 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplayBenchmark {
    static final int STEPS = 100;

    record Receipt(String id, int amount, Instant at) {
    }

    static final class HundredSteps extends DurableHandler<String, Integer> {
        @Override
        public Integer handleRequest(String input, DurableContext ctx) {
            int total = 0;
            for (int i = 1; i <= STEPS; i++) {
                int n = i;
                total += ctx.step("step-" + i, Receipt.class, s -> new Receipt("r-" + n, n, Instant.EPOCH)).amount();
            }
            return total;
        }
    }

    /** Replay must not call the backend; a call would mean the benchmark measures something else. */
    static final class NoCallsExpected implements DurableExecutionClient {
        @Override
        public CheckpointResponse checkpoint(String arn, String token, List<OperationUpdate> updates) {
            throw new IllegalStateException("a fully replayed history must not checkpoint: " + updates);
        }

        @Override
        public ExecutionState getExecutionState(String arn, String token, String marker) {
            throw new IllegalStateException("the whole history is in the envelope");
        }
    }

    private HundredSteps handler;
    private InvocationInput input;
    private DurableExecutionClient client;

    @Setup
    public void setUp() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<Operation> ops = new ArrayList<>(STEPS + 1);
        ops.add(new Operation("exec-1", null, null, OperationType.EXECUTION, null, OperationStatus.STARTED, t, null,
                new ExecutionDetails("\"order-42\""), null, null, null));
        for (int i = 1; i <= STEPS; i++) {
            String result = "{\"id\":\"r-" + i + "\",\"amount\":" + i + ",\"at\":\"2026-01-01T00:00:00Z\"}";
            ops.add(new Operation(OperationIds.of(null, i), null, "step-" + i, OperationType.STEP, "Step",
                    OperationStatus.SUCCEEDED, t, t, null, null, new StepDetails(1, null, result, null), null));
        }
        handler = new HundredSteps();
        input = new InvocationInput("arn:aws:lambda:us-east-1:123456789012:function:bench:$LATEST/durable-execution/b/exec-1",
                "token-1", new ExecutionState(ops, null), List.of());
        client = new NoCallsExpected();
        InvocationOutput check = handler.handle(input, client);
        if (check.status() != InvocationStatus.SUCCEEDED || !"5050".equals(check.result())) {
            throw new IllegalStateException("replay benchmark set-up is wrong: " + check);
        }
    }

    @Benchmark
    public InvocationOutput replayHundredSucceededSteps() {
        return handler.handle(input, client);
    }
}
