package dev.durablehooks.chaos;

import dev.durablehooks.chaos.cli.DrillName;
import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.cli.UsageException;
import dev.durablehooks.chaos.drill.Drill;
import dev.durablehooks.chaos.report.DrillResult;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code java -jar chaos.jar <drill> [options]}: exit 0 PASS, 1 FAIL, 2 usage error, 3 the drill could not run. */
public final class ChaosMain {
    private ChaosMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(DrillOptions.usage());
            return args.length == 0 ? 2 : 0;
        }
        Optional<DrillName> drill = DrillName.fromCli(args[0]);
        if (drill.isEmpty()) {
            err.println("unknown drill '" + args[0] + "'");
            err.print(DrillOptions.usage());
            return 2;
        }
        Optional<DrillOptions> options;
        try {
            options = DrillOptions.parse(drill.get(), List.of(Arrays.copyOfRange(args, 1, args.length)));
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (options.isEmpty()) {
            out.print(DrillOptions.usage(drill.get()));
            return 0;
        }
        out.println("chaos " + drill.get().cliName() + " seed=" + options.get().seed() + " out="
                + options.get().out().toAbsolutePath());
        try {
            DrillResult result = Drill.of(drill.get()).run(options.get(), out);
            return result.exitCode();
        } catch (Exception e) {
            err.println("the drill could not run: " + e.getMessage());
            e.printStackTrace(err);
            return 3;
        }
    }
}
