package dev.durablehooks.load;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.durablehooks.load.metrics.LatencySamples;
import dev.durablehooks.load.metrics.ServerMeasuredTiming;
import dev.durablehooks.load.metrics.ServerMeasuredTiming.Measurement;
import dev.durablehooks.load.webhook.WebhookTraffic;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Accept→COMPLETED latency: each virtual user sends one valid webhook, then polls its status until it is terminal.
 *
 * <p>The figure that matters is measured by the service itself: {@code completedAt − timestamp} of the status record
 * (accept time → finalize wrote COMPLETED), so polling granularity does not distort it. It is recorded in two places:
 * <ul>
 *   <li>in Gatling's statistics as the pseudo request {@value #SERVER_TIMED} (HTML report, console, assertions);</li>
 *   <li>in {@code end-to-end.json} beside the report's {@code index.html}, with the completion throughput (completed
 *       executions per second between the first and last {@code completedAt}).</li>
 * </ul>
 * The Gatling group {@value #GROUP} shows what a client sees (send + polls + poll pauses) for comparison.
 */
public class EndToEndSimulation extends WebhookSimulation {

    static final String SEND = "e2e: POST /webhook";
    static final String POLL = "e2e: GET /status/{token}";
    static final String GROUP = "e2e client view (send + polls)";
    static final String SERVER_TIMED = "end-to-end: accept→COMPLETED (service timestamps)";
    static final String WARMUP_SEND = "warm-up: POST /webhook";
    static final String WARMUP_POLL = "warm-up: GET /status/{token}";

    private static final String STATUS = "executionStatus";
    private static final String ACCEPTED_AT = "acceptedAtMillis";
    private static final String COMPLETED_AT = "completedAt";
    private static final String ERROR = "executionError";
    private static final String POLL_DELAY = "pollDelayMillis";

    private final LatencySamples serverTimed = new LatencySamples();
    private final LongAccumulator firstCompletion = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator lastCompletion = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final double rate;
    private final Duration duration;

    public EndToEndSimulation() {
        rate = properties.positive("load.rate", 500);
        duration = properties.seconds("load.duration", 10);
        Duration ramp = properties.seconds("load.ramp", 2);
        Duration firstPollDelay = properties.millis("e2e.firstPollDelayMs", 10);
        long pollIntervalMs = properties.millis("e2e.pollIntervalMs", 10).toMillis();
        long maxPollIntervalMs = Math.max(pollIntervalMs, properties.millis("e2e.maxPollIntervalMs", 200).toMillis());
        Duration timeout = properties.seconds("e2e.timeout", 20);
        Duration warmup = properties.seconds("e2e.warmup", 10);

        // The interval grows by half after every poll up to e2e.maxPollIntervalMs, so that a slow service is not
        // buried under status reads; the latency figure comes from the service's timestamps and does not depend on it.
        ChainBuilder poll = exec(traffic.getStatus(POLL)
                .check(status().is(200))
                .check(jsonPath("$.status").ofString().saveAs(STATUS))
                .check(jsonPath("$.timestamp").ofLong().saveAs(ACCEPTED_AT))
                .check(jsonPath("$.completedAt").ofString().optional().saveAs(COMPLETED_AT))
                .check(jsonPath("$.error").ofString().optional().saveAs(ERROR)))
                .exitHereIfFailed()
                .doIf(session -> !isTerminal(session) && pollIntervalMs > 0)
                .then(exec(pause(session -> Duration.ofMillis(session.getLong(POLL_DELAY))))
                        .exec(session -> session.set(POLL_DELAY,
                                Math.min(maxPollIntervalMs, session.getLong(POLL_DELAY) * 3 / 2 + 1))));

        ScenarioBuilder endToEnd = scenario("end-to-end")
                .exec(traffic.newValidDelivery())
                .exec(session -> session.set(POLL_DELAY, pollIntervalMs))
                .group(GROUP).on(
                        exec(traffic.postWebhook(SEND)
                                .check(status().is(202))
                                .check(jsonPath("$.executionToken").ofString().saveAs(WebhookTraffic.TOKEN)))
                                .exitHereIfFailed()
                                .exec(pauseFor(firstPollDelay))
                                .asLongAsDuring(session -> !isTerminal(session), timeout).on(poll))
                .exec(new ServerMeasuredTiming(SERVER_TIMED, this::measure));

        // A fresh JVM spends its first seconds compiling (C2 took a third of the service's CPU in a 10 s run):
        // the same traffic under its own request names first, so that the measured phase sees a warm service.
        ScenarioBuilder warmupScenario = scenario("warm-up")
                .exec(traffic.newValidDelivery())
                .exec(traffic.postWebhook(WARMUP_SEND)
                        .check(status().is(202))
                        .check(jsonPath("$.executionToken").ofString().saveAs(WebhookTraffic.TOKEN)))
                .exitHereIfFailed()
                .exec(pauseFor(firstPollDelay))
                .exec(traffic.getStatus(WARMUP_POLL).check(status().is(200)));
        var measured = endToEnd.injectOpen(openRate(rate, ramp, duration));
        setUp(warmup.isZero() ? measured : warmupScenario.injectOpen(openRate(rate, ramp, warmup)).andThen(measured))
                .protocols(httpProtocol)
                .assertions(assertions());
    }

    private static ChainBuilder pauseFor(Duration pause) {
        return pause.isZero() ? exec(session -> session) : exec(pause(pause));
    }

    private List<Assertion> assertions() {
        double maxErrorPercent = properties.percent("assert.maxErrorPercent", 0.1);
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().percent().lte(maxErrorPercent));
        assertions.add(details(SERVER_TIMED).failedRequests().percent().lte(maxErrorPercent));
        assertions.add(details(SERVER_TIMED).responseTime().percentile(50.0)
                .lte((int) properties.nonNegative("assert.e2eP50Ms", 5)));
        assertions.add(details(SERVER_TIMED).responseTime().percentile(99.0)
                .lte((int) properties.nonNegative("assert.e2eP99Ms", 20)));
        properties.optionalNonNegative("assert.ackP99Ms").ifPresent(limit ->
                assertions.add(details(GROUP, SEND).responseTime().percentile(99.0).lte(limit.intValue())));
        return assertions;
    }

    private static boolean isTerminal(Session session) {
        String status = session.contains(STATUS) ? session.getString(STATUS) : null;
        return "COMPLETED".equals(status) || "FAILED".equals(status);
    }

    /** Reads the last status seen by this user; nothing is recorded when its POST already failed. */
    private Optional<Measurement> measure(Session session) {
        if (!session.contains(WebhookTraffic.TOKEN) || !session.contains(ACCEPTED_AT)) {
            return Optional.empty();
        }
        long acceptedAt = session.getLong(ACCEPTED_AT);
        String status = session.getString(STATUS);
        long sinceAccept = Math.max(0, System.currentTimeMillis() - acceptedAt);
        if ("FAILED".equals(status)) {
            serverTimed.addFailure();
            return Optional.of(Measurement.failed(sinceAccept, "execution FAILED: "
                    + (session.contains(ERROR) ? session.getString(ERROR) : "(no error given)")));
        }
        if (!"COMPLETED".equals(status)) {
            serverTimed.addFailure();
            return Optional.of(Measurement.failed(sinceAccept, "not terminal before e2e.timeout, last status " + status));
        }
        if (!session.contains(COMPLETED_AT)) {
            serverTimed.addFailure();
            return Optional.of(Measurement.failed(sinceAccept, "COMPLETED without completedAt"));
        }
        long completedAt;
        try {
            completedAt = Instant.parse(session.getString(COMPLETED_AT)).toEpochMilli();
        } catch (DateTimeParseException e) {
            serverTimed.addFailure();
            return Optional.of(Measurement.failed(sinceAccept, "completedAt is not an ISO instant"));
        }
        if (completedAt < acceptedAt) {
            serverTimed.addFailure();
            return Optional.of(Measurement.failed(0, "completedAt lies before the accept timestamp"));
        }
        long millis = completedAt - acceptedAt;
        serverTimed.add(millis);
        firstCompletion.accumulate(completedAt);
        lastCompletion.accumulate(completedAt);
        return Optional.of(Measurement.ok(millis));
    }

    @Override
    protected void afterRun() {
        LatencySamples.Summary summary = serverTimed.summary();
        long spanMillis = lastCompletion.get() - firstCompletion.get();
        double completionsPerSecond = summary.count() > 1 && spanMillis > 0
                ? (summary.count() - 1) * 1000.0 / spanMillis
                : 0;
        String json = String.format(Locale.ROOT,
                "{\"simulation\":\"EndToEndSimulation\",\"offeredRatePerSec\":%.1f,\"durationSec\":%.1f,"
                        + "\"acceptToCompleted\":%s,\"notCompleted\":%d,\"completionsPerSec\":%.1f,"
                        + "\"measuredBy\":\"status record: completedAt - timestamp (service clock)\"}%n",
                rate, duration.toMillis() / 1000.0, summary.toJson(), serverTimed.failures(), completionsPerSecond);
        System.out.printf(Locale.ROOT, "[load] accept→COMPLETED (service timestamps): %s; not completed: %d; "
                + "completions %.0f/s%n", summary.describe(), serverTimed.failures(), completionsPerSecond);
        System.out.println("[load] wrote " + report.write("end-to-end.json", json));
    }
}
