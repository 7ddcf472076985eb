package dev.durablehooks.chaos.drill;

import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.report.DrillResult;
import dev.durablehooks.chaos.traffic.TrafficPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Against a deployment: sends the traffic mix and observes statuses only. Kills come from the fault switch
 * configured on the deployment (CHAOS_FAULTS in the function's environment), which this drill cannot see, and it
 * has no downstream journal, so the rerun invariant is reported as not measured.
 */
final class RemoteDrill implements Drill {
    @Override
    public DrillResult run(DrillOptions options, PrintStream out) throws IOException {
        try (DrillHarness harness = DrillHarness.remote(options, out)) {
            harness.begin();
            CompletableFuture<Void> sending = harness.sendAsync(
                    new TrafficPlan(options.seed(), options.secret().isPresent(), true).sends(options.executions()),
                    options.rate());
            harness.awaitAllTerminal(sending);
            return harness.finish(List.of(), Map.of("remote", true));
        }
    }
}
