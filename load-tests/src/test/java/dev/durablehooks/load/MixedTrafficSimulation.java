package dev.durablehooks.load;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.durablehooks.load.webhook.WebhookTraffic;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic traffic: by default 80% valid deliveries, 10% bodies that are not well-formed JSON, 5% deliveries sent
 * twice (a sender's retry: same id, same body) and 5% signed with an unknown key. Every class has its own request
 * name and checks its own expected answer (202 + token / 400 / 202 with {@code duplicate:true} and the first
 * delivery's token / 401), so a wrong answer shows up as a failure of that class in the report.
 *
 * <p>Needs a signing secret: a locally started service gets one; a deployment needs {@code -Dwebhook.secret}.
 */
public class MixedTrafficSimulation extends WebhookSimulation {

    static final String VALID = "mixed: valid → 202";
    static final String MALFORMED = "mixed: malformed JSON → 400";
    static final String DUPLICATE_FIRST = "mixed: duplicate, first delivery → 202";
    static final String DUPLICATE_AGAIN = "mixed: duplicate, same delivery again → 202 duplicate";
    static final String BAD_SIGNATURE = "mixed: bad signature → 401";

    private static final String FIRST_TOKEN = "firstToken";

    public MixedTrafficSimulation() {
        double rate = properties.positive("load.rate", 500);
        Duration duration = properties.seconds("load.duration", 10);
        Duration ramp = properties.seconds("load.ramp", 2);
        double malformedPercent = properties.percent("mixed.invalidPercent", 10);
        double duplicatePercent = properties.percent("mixed.duplicatePercent", 5);
        double badSignaturePercent = properties.percent("mixed.badSignaturePercent", 5);
        double validPercent = properties.percent("mixed.validPercent",
                100 - malformedPercent - duplicatePercent - badSignaturePercent);
        double total = validPercent + malformedPercent + duplicatePercent + badSignaturePercent;
        if (Math.abs(total - 100) > 1e-6) {
            throw new IllegalArgumentException("mixed.validPercent + mixed.invalidPercent + mixed.duplicatePercent + "
                    + "mixed.badSignaturePercent must add up to 100, not " + total);
        }
        if (!traffic.signs()) {
            throw new IllegalArgumentException("MixedTrafficSimulation checks that bad signatures get 401, so the "
                    + "target needs a secret: pass -Dwebhook.secret=<the deployment's WEBHOOK_SECRET>");
        }

        ScenarioBuilder mixed = scenario("mixed traffic")
                .exec(randomSwitch().on(
                        percent(validPercent).then(valid()),
                        percent(malformedPercent).then(malformed()),
                        percent(duplicatePercent).then(duplicate()),
                        percent(badSignaturePercent).then(badSignature())));

        setUp(mixed.injectOpen(openRate(rate, ramp, duration)))
                .protocols(httpProtocol)
                .assertions(assertions());
    }

    private ChainBuilder valid() {
        return exec(traffic.newValidDelivery())
                .exec(traffic.postWebhook(VALID)
                        .check(status().is(202))
                        .check(jsonPath("$.executionToken").ofString().exists())
                        .check(jsonPath("$.duplicate").notExists()));
    }

    private ChainBuilder malformed() {
        return exec(traffic.newMalformedDelivery())
                .exec(traffic.postWebhook(MALFORMED)
                        .check(status().is(400))
                        .check(jsonPath("$.error").ofString().exists())
                        .check(jsonPath("$.executionToken").notExists()));
    }

    private ChainBuilder duplicate() {
        return exec(traffic.newValidDelivery())
                .exec(traffic.postWebhook(DUPLICATE_FIRST)
                        .check(status().is(202))
                        .check(jsonPath("$.executionToken").ofString().saveAs(FIRST_TOKEN)))
                .exitHereIfFailed()
                .exec(traffic.postWebhook(DUPLICATE_AGAIN)
                        .check(status().is(202))
                        .check(jsonPath("$.duplicate").ofBoolean().is(true))
                        .check(jsonPath("$.executionToken").ofString().isEL("#{" + FIRST_TOKEN + "}")));
    }

    private ChainBuilder badSignature() {
        return exec(traffic.newBadlySignedDelivery())
                .exec(traffic.postWebhook(BAD_SIGNATURE)
                        .check(status().is(401))
                        .check(jsonPath("$.error").ofString().exists())
                        .check(jsonPath("$.executionToken").notExists()));
    }

    private List<Assertion> assertions() {
        List<Assertion> assertions = new ArrayList<>();
        // Every class must get its expected answer: a wrong status is a failed request of that class.
        double maxErrorPercent = properties.percent("assert.maxErrorPercent", 0.1);
        assertions.add(global().failedRequests().percent().lte(maxErrorPercent));
        assertions.add(forAll().failedRequests().percent().lte(maxErrorPercent));
        assertions.add(details(VALID).responseTime().percentile(99.0)
                .lte((int) properties.nonNegative("assert.ackP99Ms", 5)));
        properties.optionalNonNegative("assert.mixedP99Ms").ifPresent(limit ->
                assertions.add(forAll().responseTime().percentile(99.0).lte(limit.intValue())));
        return assertions;
    }
}
