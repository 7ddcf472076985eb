package dev.durablehooks.chaos.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.durablehooks.chaos.cli.DrillName;
import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.invariant.InvariantOutcome;
import dev.durablehooks.chaos.invariant.InvariantReport;
import dev.durablehooks.chaos.report.DrillResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drills of {@code mvn verify}: the drill classes run in this JVM, the service is a child process started from
 * {@code service/target/webhook-service.jar} (built earlier in the reactor). Each test fails on any violated
 * invariant, with the violations in the message.
 */
class ChaosDrillsIT {
    private static Path serviceJar;
    private static Path outDir;

    @BeforeAll
    static void locateServiceJar() {
        serviceJar = Path.of(System.getProperty("chaos.serviceJar", "../service/target/webhook-service.jar"));
        outDir = Path.of(System.getProperty("chaos.outDir", "target/chaos-it"));
        assertTrue(Files.isRegularFile(serviceJar), "service jar missing: " + serviceJar.toAbsolutePath()
                + " (the reactor builds it before chaos; alone: mvn -pl service -am package -DskipTests)");
    }

    private static DrillOptions options(DrillName drill, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--service-jar", serviceJar.toString(),
                "--out", outDir.resolve(drill.cliName()).toString(), "--no-progress"));
        all.addAll(List.of(args));
        return DrillOptions.parse(drill, all).orElseThrow();
    }

    private static void assertPassed(DrillResult result) {
        StringBuilder violations = new StringBuilder();
        for (InvariantOutcome o : result.invariants().outcomes()) {
            if (!o.holds()) {
                violations.append("\n").append(o.id()).append(" x").append(o.violations()).append(": ").append(o.examples());
            }
        }
        assertTrue(result.passed(), result.resultLine() + violations);
    }

    @Test
    void killLoopWithThreeKillsLosesNothingAndRerunsNothingCheckpointed() throws Exception {
        DrillResult result = Drill.of(DrillName.KILL_LOOP).run(options(DrillName.KILL_LOOP,
                "--executions", "300", "--kills", "3", "--rate", "100", "--seed", "20261128", "--timeout", "240"),
                System.out);
        assertPassed(result);
        assertEquals(3, result.kills(), "kill -9 count");
        assertTrue(result.executions() > 200, "most of 300 sends are distinct executions: " + result.executions());
        assertTrue(result.invariants().outcomes().stream()
                .filter(o -> o.id().equals(InvariantReport.RERUNS)).allMatch(InvariantOutcome::measured));
    }

    @Test
    void haltsAtEveryStepAndPhaseResumeFromCheckpoints() throws Exception {
        assumeTrue(!Boolean.getBoolean("chaos.skipStepFaults"), "step-faults skipped by -Dchaos.skipStepFaults");
        DrillResult result = Drill.of(DrillName.STEP_FAULTS).run(options(DrillName.STEP_FAULTS,
                "--executions", "6", "--probability", "0.5", "--max-halts-per-round", "3", "--rate", "50",
                "--seed", "5", "--timeout", "420"), System.out);
        assertPassed(result);
        assertTrue(result.kills() >= 9, "at least one halt per step x phase: " + result.kills());
    }
}
