package dev.durablehooks.durable.local;

import dev.durablehooks.durable.config.StepConfig;
import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.execution.DurableHandler;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.retry.RetryStrategies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real engine ({@link DurableHandler#handle}) running on the local service and SQLite. */
class EndToEndTest {
    @TempDir
    Path dir;

    private ServiceFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private LocalDurableService serve(DurableHandler<?, ?> handler) {
        fixture = new ServiceFixture(dir.resolve("engine.db"), handler::handle);
        return fixture.service;
    }

    private static ExecutionView awaitFinished(LocalDurableService service, String name) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> service.describe(name).map(v -> v.status() != ExecutionStatus.RUNNING).orElse(false));
        return service.describe(name).orElseThrow();
    }

    static final class ThreeSteps extends DurableHandler<String, String> {
        @Override
        public String handleRequest(String input, DurableContext ctx) {
            String a = ctx.step("validate", String.class, s -> input + "-validated");
            String b = ctx.step("process", String.class, s -> a + "-processed");
            return ctx.step("finalize", String.class, s -> b + "-finalized");
        }
    }

    @Test
    void aHandlerOfThreeStepsRunsToCompletion() {
        LocalDurableService service = serve(new ThreeSteps());
        service.start("three", "\"in\"");

        ExecutionView view = awaitFinished(service, "three");
        assertEquals(ExecutionStatus.SUCCEEDED, view.status(), String.valueOf(view.error()));
        assertEquals("\"in-validated-processed-finalized\"", view.result());
        List<Operation> steps = service.operations("three").stream().filter(o -> o.type() == OperationType.STEP).toList();
        assertEquals(List.of("validate", "process", "finalize"), steps.stream().map(Operation::name).toList());
        steps.forEach(s -> {
            assertEquals(OperationStatus.SUCCEEDED, s.status());
            assertEquals(1, s.stepDetails().attempt());
            assertTrue(s.startTimestamp() != null && s.endTimestamp() != null);
        });
    }

    static final class FlakyStep extends DurableHandler<String, String> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String handleRequest(String input, DurableContext ctx) {
            return ctx.step("flaky", String.class, s -> {
                calls.incrementAndGet();
                if (s.getAttempt() < 3) {
                    throw new IllegalStateException("attempt " + s.getAttempt() + " fails");
                }
                return "ok on attempt " + s.getAttempt();
            }, StepConfig.builder().retryStrategy(RetryStrategies.fixedDelay(5, Duration.ofSeconds(1))).build());
        }
    }

    @Test
    void aFailingStepIsRetriedThroughSuspensionUntilItSucceeds() {
        FlakyStep handler = new FlakyStep();
        LocalDurableService service = serve(handler);
        service.start("flaky", "\"x\"");

        ExecutionView view = awaitFinished(service, "flaky");
        assertEquals(ExecutionStatus.SUCCEEDED, view.status(), String.valueOf(view.error()));
        assertEquals("\"ok on attempt 3\"", view.result());
        assertEquals(3, handler.calls.get());
        Operation step = service.operations("flaky").get(1);
        assertEquals(3, step.stepDetails().attempt());
    }

    static final class Sleeper extends DurableHandler<String, String> {
        @Override
        public String handleRequest(String input, DurableContext ctx) {
            String before = ctx.step("before", String.class, s -> "b");
            ctx.wait("nap", Duration.ofSeconds(1));
            return before + ctx.step("after", String.class, s -> "a");
        }
    }

    @Test
    void aWaitSuspendsTheExecutionAndItResumesAfterwards() {
        LocalDurableService service = serve(new Sleeper());
        service.start("sleeper", "\"x\"");

        ExecutionView view = awaitFinished(service, "sleeper");
        assertEquals(ExecutionStatus.SUCCEEDED, view.status(), String.valueOf(view.error()));
        assertEquals("\"ba\"", view.result());
        List<Operation> ops = service.operations("sleeper");
        assertEquals(List.of(OperationType.EXECUTION, OperationType.STEP, OperationType.WAIT, OperationType.STEP),
                ops.stream().map(Operation::type).toList());
        assertEquals(OperationStatus.SUCCEEDED, ops.get(2).status());
    }

    static final class CountingThreeSteps extends DurableHandler<String, String> {
        final ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @Override
        public String handleRequest(String input, DurableContext ctx) {
            for (String step : List.of("validate", "process", "finalize")) {
                ctx.step(step, String.class, s -> {
                    runs.computeIfAbsent(input + "/" + step, k -> new AtomicInteger()).incrementAndGet();
                    return step;
                });
            }
            return input;
        }
    }

    @Test
    void hundredsOfConcurrentExecutionsAllCompleteWithEachStepRunOnce() {
        CountingThreeSteps handler = new CountingThreeSteps();
        LocalDurableService service = serve(handler);
        int count = 300;
        for (int i = 0; i < count; i++) {
            service.start("many-" + i, "\"many-" + i + "\"");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> service.inFlight() == 0);
        for (int i = 0; i < count; i++) {
            assertEquals(ExecutionStatus.SUCCEEDED, service.describe("many-" + i).orElseThrow().status());
        }
        assertEquals(count * 3, handler.runs.size());
        handler.runs.forEach((k, v) -> assertEquals(1, v.get(), k));
    }
}
