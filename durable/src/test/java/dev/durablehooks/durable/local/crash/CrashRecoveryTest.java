package dev.durablehooks.durable.local.crash;

import dev.durablehooks.durable.local.ExecutionStatus;
import dev.durablehooks.durable.local.ExecutionView;
import dev.durablehooks.durable.local.LocalDurableService;
import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.durable.local.sqlite.SqliteExecutionStore;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * THE crash test: a child JVM runs executions of three steps and dies at a chosen point (Runtime.halt) or at a
 * random moment (kill -9); the service is restarted on the same SQLite file, and every execution must complete
 * with no step whose checkpoint was written running again.
 */
class CrashRecoveryTest {
    private static final int EXECUTIONS = 3;

    @TempDir
    Path dir;

    static Stream<Arguments> everyHaltPoint() {
        List<Arguments> points = new ArrayList<>();
        for (String step : CrashTestHandler.STEPS) {
            for (String phase : CrashTestHandler.PHASES) {
                points.add(Arguments.of(step, phase));
            }
        }
        return points.stream();
    }

    @ParameterizedTest(name = "halt at {0} {1}")
    @MethodSource("everyHaltPoint")
    void everyExecutionCompletesAfterAHaltAndNoCheckpointedStepRunsAgain(String step, String phase) throws Exception {
        Path db = dir.resolve("engine.db");
        Path logFile = dir.resolve("side-effects.log");
        Process child = startChild(db, logFile, EXECUTIONS, step, phase, 0, 256);
        awaitLine(child, "STARTED");
        assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the child should halt");
        assertEquals(137, child.exitValue(), "the child halted itself");

        SideEffectLog log = new SideEffectLog(logFile);
        String haltLine = log.lines().stream().filter(l -> l.contains(" HALT ")).findFirst().orElseThrow();
        String haltedExecution = haltLine.split(" ")[1];

        recoverAndAwaitAll(db, log, EXECUTIONS);

        Map<String, Integer> sideEffects = sideEffectCounts(log.lines());
        int expected = phase.equals("after-side-effect") ? 2 : 1;
        assertEquals(expected, sideEffects.get(haltedExecution + " " + step),
                "side effects of the halted step " + step + " (" + phase + ")\n" + String.join("\n", log.lines()));
        assertNoCheckpointedStepRanAgain(log.lines());
        assertEveryStepRanAtLeastOnce(sideEffects, EXECUTIONS);
    }

    @Test
    void everyExecutionCompletesAfterAKill9AtARandomMomentUnderLoad() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int executions = 400;
        Path db = dir.resolve("engine.db");
        Path logFile = dir.resolve("side-effects.log");
        Process child = startChild(db, logFile, executions, "none", "none", 20, 16);
        awaitLine(child, "STARTED");
        // Kill at a random moment once steps are running (the first side effect is on disk).
        await().atMost(Duration.ofSeconds(60)).until(() -> !new SideEffectLog(logFile).lines().isEmpty());
        long delay = random.nextInt(1000);
        Thread.sleep(delay);
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL (seed " + seed + ", delay " + delay + " ms)");

        SideEffectLog log = new SideEffectLog(logFile);
        recoverAndAwaitAll(db, log, executions);

        assertNoCheckpointedStepRanAgain(log.lines());
        assertEveryStepRanAtLeastOnce(sideEffectCounts(log.lines()), executions);
    }

    private void recoverAndAwaitAll(Path db, SideEffectLog log, int executions) {
        CrashTestHandler handler = new CrashTestHandler("run2", log, "none", "none", 0);
        try (SqliteDatabase database = SqliteDatabase.open(db);
             LocalDurableService service = LocalDurableService.builder()
                     .store(new SqliteExecutionStore(database))
                     .invoker(handler::handle)
                     .build()) {
            service.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (int i = 0; i < executions; i++) {
                    if (service.describe("exec-" + i).map(v -> v.status() == ExecutionStatus.RUNNING).orElse(true)) {
                        return false;
                    }
                }
                return true;
            });
            for (int i = 0; i < executions; i++) {
                String name = "exec-" + i;
                ExecutionView view = service.describe(name).orElseThrow();
                assertEquals(ExecutionStatus.SUCCEEDED, view.status(), name + ": " + view.error());
                assertEquals("\"" + name + ":validate-ok:process-ok:finalize-ok\"", view.result());
                List<Operation> steps = service.operations(name).stream().filter(o -> o.type() == OperationType.STEP).toList();
                assertEquals(CrashTestHandler.STEPS, steps.stream().map(Operation::name).toList());
                steps.forEach(s -> assertEquals(OperationStatus.SUCCEEDED, s.status(), name + " " + s.name()));
            }
        }
    }

    /** Key "<execution> <step>" → how many times its side effect ran, over both runs. */
    private static Map<String, Integer> sideEffectCounts(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[3].chars().allMatch(Character::isDigit)) {
                counts.merge(f[1] + " " + f[2], 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void assertNoCheckpointedStepRanAgain(List<String> lines) {
        Set<String> checkpointedInRun1 = new HashSet<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f[0].equals("run1") && f.length == 4 && f[3].equals("checkpointed")) {
                checkpointedInRun1.add(f[1] + " " + f[2]);
            }
        }
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f[0].equals("run2") && f.length == 4 && f[3].chars().allMatch(Character::isDigit)
                    && checkpointedInRun1.contains(f[1] + " " + f[2])) {
                fail("step " + f[1] + " " + f[2] + " ran again after its checkpoint was written:\n" + String.join("\n", lines));
            }
        }
    }

    private static void assertEveryStepRanAtLeastOnce(Map<String, Integer> counts, int executions) {
        for (int i = 0; i < executions; i++) {
            for (String step : CrashTestHandler.STEPS) {
                assertTrue(counts.getOrDefault("exec-" + i + " " + step, 0) >= 1, "exec-" + i + " " + step + " never ran");
            }
        }
    }

    private static Process startChild(Path db, Path log, int executions, String haltStep, String haltPhase, long sleepMs,
                                      int concurrency)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                CrashChild.class.getName(), db.toString(), log.toString(), Integer.toString(executions), haltStep,
                haltPhase, Long.toString(sleepMs), Integer.toString(concurrency));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start();
    }

    private static void awaitLine(Process child, String expected) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        fail("the child ended without printing " + expected + " (exit " + waitExit(child) + ")");
    }

    private static int waitExit(Process child) {
        try {
            return child.waitFor(10, TimeUnit.SECONDS) ? child.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

}
