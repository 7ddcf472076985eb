package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.config.StepConfig;
import dev.durablehooks.durable.config.StepSemantics;
import dev.durablehooks.durable.local.ExecutionStatus;
import dev.durablehooks.durable.local.ExecutionView;
import dev.durablehooks.durable.local.LocalDurableService;
import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.durable.local.sqlite.SqliteExecutionStore;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.retry.RetryStrategies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.durablehooks.durable.execution.TestHandlers.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The engine against the real local service (SQLite), whose transition and batching rules are strict. */
class EngineOnLocalServiceTest {
    @TempDir
    Path dir;
    SqliteDatabase db;
    LocalDurableService service;

    void start(DurableHandler<?, ?> handler) {
        db = SqliteDatabase.open(dir.resolve("engine.db"));
        service = LocalDurableService.builder().store(new SqliteExecutionStore(db)).invoker(handler::handle).build();
        service.start();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (db != null) {
            db.close();
        }
    }

    ExecutionView finished(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> service.describe(name).map(v -> v.status().isTerminal()).orElse(false));
        return service.describe(name).orElseThrow();
    }

    Operation operation(String execution, String name) {
        return service.operations(execution).stream().filter(op -> name.equals(op.name())).findFirst().orElseThrow();
    }

    @Test
    void stepsWithARetryAndAWaitRunToCompletion() {
        List<String> ran = new CopyOnWriteArrayList<>();
        StepConfig twice = StepConfig.builder().retryStrategy(RetryStrategies.fixedDelay(3, Duration.ofSeconds(1))).build();
        start(handler(String.class, (in, ctx) -> {
            String a = ctx.step("validate", String.class, s -> {
                ran.add("validate#" + s.getAttempt());
                return in.toUpperCase();
            });
            String b = ctx.step("process", String.class, s -> {
                ran.add("process#" + s.getAttempt());
                if (s.getAttempt() == 1) {
                    throw new IllegalStateException("downstream 503");
                }
                return a + "-processed";
            }, twice);
            ctx.wait("settle", Duration.ofSeconds(1));
            return ctx.step("finalize", String.class, s -> {
                ran.add("finalize#" + s.getAttempt());
                return b + "-final";
            });
        }));

        service.start("run-1", "\"order\"");
        ExecutionView view = finished("run-1");

        assertEquals(ExecutionStatus.SUCCEEDED, view.status());
        assertEquals("\"ORDER-processed-final\"", view.result());
        assertEquals(List.of("validate#1", "process#1", "process#2", "finalize#1"), ran);
        assertEquals(2, operation("run-1", "process").stepDetails().attempt());
        assertEquals(OperationStatus.SUCCEEDED, operation("run-1", "settle").status());
    }

    @Test
    void anAtMostOnceStepRunsOncePerAttemptAgainstTheService() {
        AtomicInteger runs = new AtomicInteger();
        StepConfig atMostOnce = StepConfig.builder().semanticsPerRetry(StepSemantics.AT_MOST_ONCE_PER_RETRY).build();
        start(handler(String.class, (in, ctx) -> ctx.step("pay", Integer.class, s -> runs.incrementAndGet(), atMostOnce)));

        service.start("run-2", "\"x\"");

        assertEquals("1", finished("run-2").result());
        assertEquals(1, runs.get());
    }

    @Test
    void aFinalStepFailureFailsTheExecutionWithTheStepsError() {
        StepConfig noRetry = StepConfig.builder().retryStrategy(RetryStrategies.Presets.NO_RETRY).build();
        start(handler(String.class, (in, ctx) -> ctx.step("forward", String.class, s -> {
            throw new IllegalArgumentException("Forward failed: downstream answered 400");
        }, noRetry)));

        service.start("run-3", "\"x\"");
        ExecutionView view = finished("run-3");

        assertEquals(ExecutionStatus.FAILED, view.status());
        assertEquals(IllegalArgumentException.class.getName(), view.error().errorType());
        assertEquals("Forward failed: downstream answered 400", view.error().errorMessage());
    }

    @Test
    void manyConcurrentExecutionsAllComplete() {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        start(handler(String.class, (in, ctx) -> {
            for (String step : List.of("validate", "process", "finalize")) {
                ctx.step(step, String.class, s -> {
                    seen.merge(in + "/" + step, 1, Integer::sum);
                    return step;
                });
            }
            return in;
        }));

        for (int i = 0; i < 50; i++) {
            service.start("many-" + i, "\"e" + i + "\"");
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("\"e" + i + "\"", finished("many-" + i).result());
        }
        assertEquals(150, seen.size());
    }
}
