package dev.durablehooks.chaos.drill;

import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.invariant.InvariantOutcome;
import dev.durablehooks.chaos.report.DrillResult;
import dev.durablehooks.chaos.traffic.Send;
import dev.durablehooks.chaos.traffic.TrafficPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the full traffic mix at a rate and kill -9s the service K times at random moments (seeded), restarting it on
 * the same data dir each time, then waits until every accepted token is terminal. A kill comes at its random offset
 * in the sending window, but not before the restarted service has answered or finished something while executions
 * are open, plus a random 0-0.8 s, so that kills land mid-step rather than on an idle process.
 */
final class KillLoopDrill implements Drill {
    @Override
    public DrillResult run(DrillOptions options, PrintStream out) throws IOException {
        try (DrillHarness harness = DrillHarness.local(options, out, Map.of(), false)) {
            harness.begin();
            List<Send> plan = new TrafficPlan(options.seed(), options.secret().isPresent(), true)
                    .sends(options.executions());
            long sendingMillis = Math.max(1000, (long) (options.executions() / options.rate() * 1000));
            List<Long> killOffsets = new ArrayList<>();
            for (int i = 0; i < options.kills(); i++) {
                killOffsets.add((long) (sendingMillis * (0.1 + 0.9 * harness.random().nextDouble())));
            }
            killOffsets.sort(null);
            long begin = System.currentTimeMillis();
            long lastListening = begin;
            CompletableFuture<Void> sending = harness.sendAsync(plan, options.rate());
            int performed = 0;
            List<String> restartFailures = new ArrayList<>();
            for (long offset : killOffsets) {
                DrillHarness.sleepUntil(Math.max(begin + offset, lastListening + 300));
                awaitWorkInFlight(harness, sending, lastListening);
                DrillHarness.sleep(harness.random().nextInt(800));
                if (System.currentTimeMillis() > harness.deadline()) {
                    break;
                }
                harness.supervisor().kill();
                performed++;
                try {
                    harness.supervisor().start();
                } catch (IllegalStateException e) {
                    restartFailures.add("restart after kill " + performed + " failed: " + e.getMessage());
                    break;
                }
                lastListening = System.currentTimeMillis();
            }
            harness.awaitAllTerminal(sending);
            List<String> missing = new ArrayList<>(restartFailures);
            if (performed < options.kills()) {
                missing.add("only " + performed + " of " + options.kills() + " kills were performed before the deadline");
            }
            InvariantOutcome kills = InvariantOutcome.of("kills_performed", "Every requested kill -9 happened and the "
                    + "service restarted", "count of kill -9 + successful restarts", missing);
            return harness.finish(List.of(kills), Map.of("kills", options.kills(), "killOffsetsMillis", killOffsets));
        }
    }

    /**
     * A kill proves most when the restarted service is busy: wait (at most 30 s) until it answered a webhook or
     * finished an execution since it listened, while executions are open, unless there is nothing left to do.
     */
    private static void awaitWorkInFlight(DrillHarness harness, CompletableFuture<Void> sending, long since) {
        int acknowledged = harness.traffic().acknowledgedCount();
        int terminal = harness.observations().terminalCount();
        long until = Math.min(harness.deadline(), System.currentTimeMillis() + 30_000);
        while (System.currentTimeMillis() < until) {
            boolean open = !harness.observations().openTokens().isEmpty();
            boolean progressed = harness.traffic().acknowledgedCount() > acknowledged
                    || harness.observations().terminalCount() > terminal;
            if ((progressed && open) || (sending.isDone() && !open)) {
                return;
            }
            DrillHarness.sleep(20);
        }
    }
}
