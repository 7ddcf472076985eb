package dev.durablehooks.chaos.drill;

import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.downstream.ForwardRecord;
import dev.durablehooks.chaos.invariant.InvariantOutcome;
import dev.durablehooks.chaos.observe.StatusObservation;
import dev.durablehooks.chaos.observe.StepView;
import dev.durablehooks.chaos.process.TimelineEvent;
import dev.durablehooks.chaos.report.DrillResult;
import dev.durablehooks.chaos.traffic.TrafficPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The downstream fails for {@code --outage-seconds} (503 with Retry-After: 1, or a hang past the 1 s forward
 * timeout), optionally with kills during the outage, then recovers. Every execution must still complete, and the
 * retries must be visible: in the downstream journal (a failed forward followed by a successful one for the same
 * token) and in the step history (process attempts above 1).
 */
final class DownstreamOutageDrill implements Drill {
    private static final int HANG_MILLIS = 2500;

    @Override
    public DrillResult run(DrillOptions options, PrintStream out) throws IOException {
        Map<String, String> env = Map.of("FORWARD_MAX_ATTEMPTS", "60", "FORWARD_TIMEOUT_MS", "1000");
        try (DrillHarness harness = DrillHarness.local(options, out, env, false)) {
            harness.begin();
            CompletableFuture<Void> sending = harness.sendAsync(
                    new TrafficPlan(options.seed(), options.secret().isPresent(), true).sends(options.executions()),
                    options.rate());
            DrillHarness.sleepUntil(harness.startedAt() + options.outageAfterSeconds() * 1000L);
            long outageStart = System.currentTimeMillis();
            if (options.outageMode().equals("hang")) {
                harness.downstream().hang(HANG_MILLIS);
            } else {
                harness.downstream().failWith503(1);
            }
            harness.note(TimelineEvent.Kind.DOWNSTREAM_OUTAGE, options.outageMode());
            long outageMillis = options.outageSeconds() * 1000L;
            List<String> restartFailures = new ArrayList<>();
            for (int k = 1; k <= options.kills(); k++) {
                DrillHarness.sleepUntil(outageStart + outageMillis * k / (options.kills() + 1));
                harness.supervisor().kill();
                try {
                    harness.supervisor().start();
                } catch (IllegalStateException e) {
                    restartFailures.add("restart after kill " + k + " failed: " + e.getMessage());
                    break;
                }
            }
            DrillHarness.sleepUntil(outageStart + outageMillis);
            harness.downstream().recover();
            harness.note(TimelineEvent.Kind.DOWNSTREAM_RECOVERED, "200");
            harness.awaitAllTerminal(sending);

            List<ForwardRecord> journal = harness.downstream().journal();
            Map<String, List<ForwardRecord>> byToken = new HashMap<>();
            journal.forEach(f -> byToken.computeIfAbsent(f.token(), t -> new ArrayList<>()).add(f));
            Map<String, List<StatusObservation>> seen = harness.observations().snapshot();
            int retriedInJournal = 0;
            int retriedInSteps = 0;
            for (Map.Entry<String, List<ForwardRecord>> e : byToken.entrySet()) {
                List<ForwardRecord> forwards = e.getValue();
                boolean failedThenSucceeded = forwards.stream().anyMatch(f -> !f.succeeded())
                        && forwards.stream().anyMatch(ForwardRecord::succeeded);
                if (failedThenSucceeded) {
                    retriedInJournal++;
                    List<StatusObservation> obs = seen.getOrDefault(e.getKey(), List.of());
                    Optional<StepView> process = obs.isEmpty() ? Optional.empty() : obs.get(obs.size() - 1).step("process");
                    if (process.isPresent() && process.get().attempts() > 1) {
                        retriedInSteps++;
                    }
                }
            }
            List<String> problems = new ArrayList<>(restartFailures);
            if (retriedInJournal == 0) {
                problems.add("no token had a failed forward followed by a successful one: the outage hit no execution");
            } else if (retriedInSteps == 0) {
                problems.add(retriedInJournal + " tokens were retried at the downstream, but none shows process "
                        + "attempts > 1 in its step history");
            }
            InvariantOutcome retries = InvariantOutcome.of("retries_visible", "Downstream failures are retried, "
                    + "visibly", "journal: failed then successful forward per token; steps[]: process attempts > 1",
                    problems);
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("outageMode", options.outageMode());
            parameters.put("outageSeconds", options.outageSeconds());
            parameters.put("outageAfterSeconds", options.outageAfterSeconds());
            parameters.put("kills", options.kills());
            parameters.put("tokensRetriedInJournal", retriedInJournal);
            parameters.put("tokensWithProcessAttemptsAbove1", retriedInSteps);
            return harness.finish(List.of(retries), parameters);
        }
    }
}
