package dev.durablehooks.chaos.drill;

import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.invariant.InvariantOutcome;
import dev.durablehooks.chaos.process.CrashEvent;
import dev.durablehooks.chaos.process.ServiceSupervisor;
import dev.durablehooks.chaos.process.TimelineEvent;
import dev.durablehooks.chaos.report.DrillResult;
import dev.durablehooks.chaos.traffic.TrafficPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One round per step x phase: the service runs with {@code CHAOS_FAULTS=<step>:<phase>:<p>} and a fresh CHAOS_SEED
 * on every (re)start; each time it halts (exit 137 after its {@code CHAOS halt} line) it is restarted on the same
 * data dir. A round sends batches until its fault fired at least once and its tokens are terminal; after
 * {@code --max-halts-per-round} halts the round is drained with the faults off, so it always ends. All rounds share
 * one data dir, so later rounds also replay earlier executions.
 */
final class StepFaultsDrill implements Drill {
    private static final int MAX_BATCHES_PER_ROUND = 4;

    @Override
    public DrillResult run(DrillOptions options, PrintStream out) throws IOException {
        try (DrillHarness harness = DrillHarness.local(options, out, Map.of(), true)) {
            ServiceSupervisor service = harness.supervisor();
            harness.beginObserving();
            TrafficPlan plan = new TrafficPlan(options.seed(), options.secret().isPresent(), false);
            List<String> problems = new ArrayList<>();
            Map<String, Integer> haltsByCombination = new LinkedHashMap<>();
            for (String step : options.steps()) {
                for (String phase : options.phases()) {
                    String combination = step + ":" + phase;
                    haltsByCombination.put(combination, 0);
                    if (System.currentTimeMillis() > harness.deadline()) {
                        problems.add(combination + ": not run, the drill ran out of time");
                        continue;
                    }
                    round(harness, plan, combination, problems);
                }
            }
            for (CrashEvent c : service.crashes()) {
                if (c.kind() == CrashEvent.Kind.HALT) {
                    haltsByCombination.computeIfPresent(c.step() + ":" + c.phase(), (k, n) -> n + 1);
                }
            }
            harness.message("rounds done, draining with faults off; halts per step:phase " + haltsByCombination);
            try {
                service.start();
            } catch (IllegalStateException e) {
                problems.add("final fault-free start failed: " + e.getMessage());
            }
            harness.awaitAllTerminal(CompletableFuture.completedFuture(null));
            List<String> uncovered = new ArrayList<>(problems);
            haltsByCombination.forEach((combination, halts) -> {
                if (halts == 0) {
                    uncovered.add(combination + ": the fault never fired (no CHAOS halt line with this step and phase)");
                }
            });
            InvariantOutcome coverage = InvariantOutcome.of("fault_coverage", "Every step x phase fault fired",
                    "each round's CHAOS halt lines, matched on step and phase", uncovered);
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("probability", options.probability());
            parameters.put("executionsPerBatch", options.executions());
            parameters.put("maxHaltsPerRound", options.maxHaltsPerRound());
            parameters.put("haltsByStepPhase", haltsByCombination);
            return harness.finish(List.of(coverage), parameters);
        }
    }

    private static void round(DrillHarness harness, TrafficPlan plan, String combination, List<String> problems) {
        DrillOptions options = harness.options();
        ServiceSupervisor service = harness.supervisor();
        String faults = combination + ":" + String.format(Locale.ROOT, "%s", options.probability());
        harness.note(TimelineEvent.Kind.PHASE, "round " + combination);
        harness.message("round " + combination + " (CHAOS_FAULTS=" + faults + ")");
        long haltsBefore = service.count(CrashEvent.Kind.HALT);
        service.restartOnDeath(true);
        try {
            service.start(Map.of("CHAOS_FAULTS", faults));
        } catch (IllegalStateException e) {
            problems.add(combination + ": the service did not start: " + e.getMessage());
            return;
        }
        Set<String> before = new HashSet<>(harness.acceptedTokens());
        boolean drainedWithoutFaults = false;
        for (int batch = 0; batch < MAX_BATCHES_PER_ROUND; batch++) {
            CompletableFuture<Void> sending = harness.sendAsync(plan.executions(options.executions(), 0.2), options.rate());
            while (System.currentTimeMillis() < harness.deadline()) {
                long halts = service.count(CrashEvent.Kind.HALT) - haltsBefore;
                if (sending.isDone() && roundTokensTerminal(harness, before)) {
                    break;
                }
                if (halts >= options.maxHaltsPerRound() && !drainedWithoutFaults) {
                    harness.message("round " + combination + ": " + halts + " halts, draining it with faults off");
                    service.stopForGood();
                    try {
                        service.start();
                    } catch (IllegalStateException e) {
                        problems.add(combination + ": fault-free restart failed: " + e.getMessage());
                        return;
                    }
                    drainedWithoutFaults = true;
                }
                DrillHarness.sleep(100);
            }
            if (service.count(CrashEvent.Kind.HALT) > haltsBefore || drainedWithoutFaults) {
                break;
            }
        }
        service.stopForGood();
    }

    private static boolean roundTokensTerminal(DrillHarness harness, Set<String> before) {
        List<String> open = harness.observations().openTokens();
        return open.stream().allMatch(before::contains);
    }
}
