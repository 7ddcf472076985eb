package dev.durablehooks.chaos.drill;

import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.process.TimelineEvent;
import dev.durablehooks.chaos.report.DrillResult;
import dev.durablehooks.chaos.traffic.TrafficPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts N executions in flight (the downstream holds every forward for {@code --downstream-delay-ms}, so none can
 * finish), kill -9s the service once they are all acknowledged, makes the downstream fast again, restarts, and
 * measures how long the restarted service takes until every one of them is terminal.
 */
final class RecoveryDrill implements Drill {
    @Override
    public DrillResult run(DrillOptions options, PrintStream out) throws IOException {
        Map<String, String> env = Map.of("FORWARD_TIMEOUT_MS", Integer.toString(options.downstreamDelayMillis() + 60_000));
        try (DrillHarness harness = DrillHarness.local(options, out, env, false)) {
            harness.downstream().slowSuccess(options.downstreamDelayMillis());
            harness.begin();
            harness.sendAsync(new TrafficPlan(options.seed(), options.secret().isPresent(), false)
                    .executions(options.executions(), 0.0), options.rate()).join();
            int inFlight = harness.observations().openTokens().size();
            harness.message(harness.traffic().acceptances().size() + " accepted, about " + inFlight
                    + " in flight: kill -9");
            harness.supervisor().kill();
            harness.downstream().recover();
            harness.note(TimelineEvent.Kind.DOWNSTREAM_RECOVERED, "fast 200 again");
            List<String> problems = new ArrayList<>();
            try {
                harness.supervisor().start();
            } catch (IllegalStateException e) {
                problems.add("restart failed: " + e.getMessage());
            }
            harness.awaitAllTerminal(java.util.concurrent.CompletableFuture.completedFuture(null));
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("downstreamDelayMillis", options.downstreamDelayMillis());
            parameters.put("inFlightAtKillApprox", inFlight);
            return harness.finish(List.of(dev.durablehooks.chaos.invariant.InvariantOutcome.of("restarted",
                    "The service restarted after the kill", "Listening line after the restart", problems)), parameters);
        }
    }
}
