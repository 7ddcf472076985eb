package dev.durablehooks.chaos.drill;

import dev.durablehooks.chaos.cli.DrillName;
import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.report.DrillResult;
import java.io.IOException;
import java.io.PrintStream;

/** One drill: runs, checks the invariants, writes its report, prints its RESULT line. */
public interface Drill {
    DrillResult run(DrillOptions options, PrintStream out) throws IOException;

    static Drill of(DrillName name) {
        return switch (name) {
            case KILL_LOOP -> new KillLoopDrill();
            case STEP_FAULTS -> new StepFaultsDrill();
            case DOWNSTREAM_OUTAGE -> new DownstreamOutageDrill();
            case RECOVERY -> new RecoveryDrill();
            case REMOTE -> new RemoteDrill();
        };
    }
}
