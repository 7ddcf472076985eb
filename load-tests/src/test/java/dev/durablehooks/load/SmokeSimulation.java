package dev.durablehooks.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.durablehooks.load.webhook.WebhookTraffic;
import io.gatling.javaapi.core.ScenarioBuilder;

import java.time.Duration;

/**
 * The five-second run bound into {@code mvn verify}: a low rate of signed webhooks, each followed by a read of its
 * status, plus the health route. It proves the load-test wiring works end to end against a freshly started service,
 * not its performance: every request must succeed.
 */
public class SmokeSimulation extends WebhookSimulation {

    public SmokeSimulation() {
        double rate = properties.positive("smoke.rate", 10);
        Duration duration = properties.seconds("smoke.duration", 5);

        ScenarioBuilder smoke = scenario("smoke")
                .exec(traffic.newValidDelivery())
                .exec(traffic.postWebhook("smoke: POST /webhook")
                        .check(status().is(202))
                        .check(header("Location").exists())
                        .check(jsonPath("$.executionToken").ofString().saveAs(WebhookTraffic.TOKEN)))
                .exec(traffic.getStatus("smoke: GET /status/{token}")
                        .check(status().is(200))
                        .check(jsonPath("$.executionToken").ofString().isEL("#{" + WebhookTraffic.TOKEN + "}"))
                        .check(jsonPath("$.status").ofString()
                                .in("STARTED", "VALIDATING", "PROCESSING", "COMPLETED")))
                .exec(traffic.getHealth("smoke: GET /health").check(status().is(200)));

        setUp(smoke.injectOpen(constantUsersPerSec(rate).during(duration)))
                .protocols(httpProtocol)
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().allRequests().count().gte(Math.round(rate * duration.toSeconds() * 3 * 0.9)));
    }
}
