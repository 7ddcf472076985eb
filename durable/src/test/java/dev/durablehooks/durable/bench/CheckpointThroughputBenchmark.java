package dev.durablehooks.durable.bench;

import dev.durablehooks.durable.client.CheckpointResponse;
import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.execution.DurableHandler;
import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.execution.InvocationOutput;
import dev.durablehooks.durable.execution.InvocationStatus;
import dev.durablehooks.durable.local.LocalDurableService;
import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.durable.local.sqlite.SqliteExecutionStore;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.OperationUpdate;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Durable step-checkpoint throughput of the real engine on the local service and SQLite (WAL, synchronous=FULL:
 * every commit fsync'd, writes group-committed).
 *
 * <p>One benchmark call is one round: {@code concurrency} clients (virtual threads) each start an execution of a
 * three-step handler, wait until it has finished, and do that {@value #EXECUTIONS_PER_CLIENT} times; so about
 * {@code concurrency} executions are in flight at any time. The primary figure, {@code stepCheckpoints}, counts
 * steps durably checkpointed (3 per execution) per second; the round also pays for what a real execution costs
 * around its steps (the durable start, the invocation lease, the final outcome). {@code checkpointCalls} counts
 * the checkpoint requests the engine actually sent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CheckpointThroughputBenchmark {
    static final int STEPS = 3;
    /** Each client runs this many executions one after another per round, so rounds are not all ramp-up/down. */
    static final int EXECUTIONS_PER_CLIENT = 4;

    @Param({"1", "16", "256"})
    public int concurrency;

    private Path dir;
    private SqliteDatabase db;
    private LocalDurableService service;
    private final Map<String, CompletableFuture<InvocationOutput>> finished = new ConcurrentHashMap<>();
    private final AtomicLong checkpointCalls = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    /** The handler under test: three steps, each returning a small JSON value. */
    public static final class ThreeSteps extends DurableHandler<String, String> {
        @Override
        public String handleRequest(String input, DurableContext ctx) {
            String a = ctx.step("validate", String.class, s -> input + "-v");
            String b = ctx.step("process", String.class, s -> a + "-p");
            return ctx.step("finalize", String.class, s -> b + "-f");
        }
    }

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long stepCheckpoints;
        public long checkpointCalls;
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("checkpoint-bench");
        db = SqliteDatabase.open(dir.resolve("engine.db"));
        ThreeSteps handler = new ThreeSteps();
        service = LocalDurableService.builder()
                .store(new SqliteExecutionStore(db))
                .invoker((input, client) -> {
                    InvocationOutput output = handler.handle(input, new CountingClient(client, checkpointCalls));
                    CompletableFuture<InvocationOutput> done = finished.remove(executionName(input.durableExecutionArn()));
                    if (done != null) {
                        done.complete(output);
                    }
                    return output;
                })
                .maxConcurrentInvocations(Math.max(256, concurrency))
                .build();
        service.start();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        service.close();
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void round(Counters counters) throws InterruptedException {
        long callsBefore = checkpointCalls.get();
        AtomicLong failures = new AtomicLong();
        Thread[] clients = new Thread[concurrency];
        for (int c = 0; c < concurrency; c++) {
            clients[c] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < EXECUTIONS_PER_CLIENT; i++) {
                    if (!runOne()) {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        for (Thread client : clients) {
            client.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " executions did not succeed");
        }
        counters.stepCheckpoints += (long) concurrency * EXECUTIONS_PER_CLIENT * STEPS;
        counters.checkpointCalls += checkpointCalls.get() - callsBefore;
    }

    /** One client's execution: start it (durably), wait until its handler has finished. */
    private boolean runOne() {
        String name = "bench-" + sequence.incrementAndGet();
        CompletableFuture<InvocationOutput> done = new CompletableFuture<>();
        finished.put(name, done); // before start: the invocation may finish before start() returns
        if (!service.start(name, "\"" + name + "\"").created()) {
            return false;
        }
        return done.join().status() == InvocationStatus.SUCCEEDED;
    }

    /** The execution name inside {@code arn:...:durable-execution/<name>/<id>}. */
    private static String executionName(String arn) {
        String rest = arn.substring(arn.indexOf("/durable-execution/") + "/durable-execution/".length());
        return rest.substring(0, rest.indexOf('/'));
    }

    /** Counts checkpoint calls on their way to the service. */
    private record CountingClient(DurableExecutionClient delegate, AtomicLong calls) implements DurableExecutionClient {
        @Override
        public CheckpointResponse checkpoint(String arn, String token, List<OperationUpdate> updates) {
            calls.incrementAndGet();
            return delegate.checkpoint(arn, token, updates);
        }

        @Override
        public ExecutionState getExecutionState(String arn, String token, String marker) {
            return delegate.getExecutionState(arn, token, marker);
        }
    }
}
