package dev.durablehooks.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.durablehooks.load.metrics.StepLevels;
import dev.durablehooks.load.metrics.StepLevels.Level;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the knee of durable intake: the arrival rate of valid signed webhooks rises in equal steps (open model) and
 * the run stops at the first level whose error rate or p99 crosses its limit, or whose rate the load generator could
 * not even send. The knee, the highest level before that, is printed and written to {@code step-up.json} beside the
 * report; with {@code -Dassert.minKneeRps} a lower knee fails the run (Gatling then reports a crash and skips the HTML,
 * which {@code -Dgatling.reportsOnly=<run directory>} renders afterwards).
 */
public class StepUpSimulation extends WebhookSimulation {

    static final String STEP = "step-up: POST /webhook";

    private static final String LEVEL = "stepLevel";
    private static final String LATENCY = "latencyMillis";

    private final StepLevels levels;

    public StepUpSimulation() {
        double startRate = properties.positive("stepup.startRate", 1000);
        double increment = properties.positive("stepup.increment", 1000);
        int levelCount = properties.positiveInt("stepup.levels", 8);
        Duration levelDuration = properties.seconds("stepup.levelDuration", 3);
        if (levelDuration.toMillis() < 1000) {
            throw new IllegalArgumentException("stepup.levelDuration must be at least 1 second");
        }
        StepLevels.Limits limits = new StepLevels.Limits(
                properties.nonNegative("stepup.maxP99Ms", 50),
                properties.percent("stepup.maxErrorPercent", 1),
                properties.nonNegative("stepup.minSentRatio", 0.95));
        levels = new StepLevels(startRate, increment, levelCount, levelDuration, limits);
        Duration grace = Duration.ofMillis(Math.min(1000, levelDuration.toMillis() / 2));

        ScenarioBuilder stepUp = scenario("step-up")
                .exec(traffic.newValidDelivery())
                .exec(session -> session.set(LEVEL, levels.send(System.currentTimeMillis())))
                .exec(traffic.postWebhook(STEP)
                        .check(responseTimeInMillis().saveAs(LATENCY))
                        .check(status().is(202)))
                .exec(session -> {
                    if (session.contains(LATENCY)) {
                        levels.answered(session.getInt(LEVEL), session.getInt(LATENCY), !session.isFailed());
                    }
                    return session;
                })
                .exec(stopLoadGeneratorIf(
                        session -> "a step-up level breached its limits (knee found)",
                        session -> levels.breachedBefore(System.currentTimeMillis(), grace)));

        // A warm-up under its own request name, with the measured requests' checks, so that the levels do not measure
        // the JIT of either JVM. It was 3 s: a fresh service was then still compiling through the first levels, and
        // the knee came out at 2,000/s or below, against 7,000-8,000/s after 40 s (BENCHMARKS.md).
        Duration warmup = properties.seconds("stepup.warmup", 40);
        ScenarioBuilder warmupScenario = scenario("warm-up")
                .exec(traffic.newValidDelivery())
                .exec(traffic.postWebhook(IntakeSimulation.WARMUP)
                        .check(responseTimeInMillis().saveAs(LATENCY))
                        .check(status().is(202)));
        PopulationBuilder steps = stepUp.injectOpen(incrementUsersPerSec(increment)
                .times(levelCount)
                .eachLevelLasting(levelDuration)
                .startingFrom(startRate));
        setUp(warmup.isZero()
                ? steps
                : warmupScenario.injectOpen(constantUsersPerSec(Math.max(1, startRate / 2)).during(warmup))
                        .andThen(steps))
                .protocols(httpProtocol);
    }

    @Override
    protected void afterRun() {
        List<Level> evaluated = levels.evaluateAll();
        Optional<Level> knee = StepLevels.knee(evaluated);
        boolean breached = evaluated.stream().anyMatch(level -> !level.passes());
        String kneeText = knee.map(level -> String.format(Locale.ROOT, "%.0f/s", level.offeredRate())).orElse("none");
        String summary = breached
                ? "knee: " + kneeText + " (the next level breached its limits)"
                : "knee: at least " + kneeText + " (no level breached; raise stepup.levels or stepup.increment)";
        evaluated.forEach(level -> System.out.println("[load] " + level.describe()));
        System.out.println("[load] " + summary);
        String json = String.format(Locale.ROOT, "{\"simulation\":\"StepUpSimulation\",\"kneeRatePerSec\":%s,"
                        + "\"kneeBounded\":%b,\"levels\":[%s]}%n",
                knee.map(level -> String.format(Locale.ROOT, "%.1f", level.offeredRate())).orElse("null"), breached,
                evaluated.stream().map(Level::toJson).collect(Collectors.joining(",")));
        System.out.println("[load] wrote " + report.write("step-up.json", json));
        Optional<Double> minKnee = properties.optionalNonNegative("assert.minKneeRps");
        if (minKnee.isPresent() && knee.map(Level::offeredRate).orElse(0.0) < minKnee.get()) {
            throw new AssertionError("Step-up " + summary + " is below assert.minKneeRps=" + minKnee.get());
        }
    }
}
