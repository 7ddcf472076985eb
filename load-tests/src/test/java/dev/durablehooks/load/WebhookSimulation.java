package dev.durablehooks.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.durablehooks.load.config.LoadProperties;
import dev.durablehooks.load.metrics.RunReport;
import dev.durablehooks.load.service.ServiceTarget;
import dev.durablehooks.load.webhook.WebhookTraffic;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every simulation shares: the system properties, the target (started in {@link #before()}, stopped in
 * {@link #after()}), the request builders and the HTTP protocol. Subclasses build their scenarios, injection and
 * assertions in their constructor, as Gatling requires.
 */
abstract class WebhookSimulation extends Simulation {

    protected final LoadProperties properties = LoadProperties.fromSystem();
    protected final ServiceTarget target = ServiceTarget.fromProperties(properties, getClass().getSimpleName());
    protected final WebhookTraffic traffic = WebhookTraffic.fromProperties(properties, target);
    protected final RunReport report = new RunReport(
            Path.of(properties.string("load.resultsFolder", "target/gatling")), getClass().getSimpleName());
    protected final HttpProtocolBuilder httpProtocol = protocol(properties);

    @Override
    public final void before() {
        target.start();
    }

    @Override
    public final void after() {
        try {
            afterRun();
        } finally {
            target.close();
        }
    }

    /** Reporting once the load has ended and before the local service is stopped. */
    protected void afterRun() {}

    /**
     * An open-model arrival rate: a linear ramp from a tenth of the rate (when {@code ramp} is not zero), then the
     * rate held for {@code duration}. Arrivals do not wait for each other, as webhook senders do not.
     */
    protected static OpenInjectionStep[] openRate(double perSecond, Duration ramp, Duration duration) {
        List<OpenInjectionStep> steps = new ArrayList<>();
        if (!ramp.isZero()) {
            steps.add(rampUsersPerSec(Math.max(1, perSecond / 10)).to(perSecond).during(ramp));
        }
        steps.add(constantUsersPerSec(perSecond).during(duration));
        return steps.toArray(OpenInjectionStep[]::new);
    }

    private static HttpProtocolBuilder protocol(LoadProperties properties) {
        HttpProtocolBuilder protocol = http
                .acceptHeader("application/json")
                .userAgentHeader("durable-webhooks-load-tests")
                .disableWarmUp();
        // Sharing pooled keep-alive connections between virtual users keeps a loopback run from exhausting ephemeral
        // ports at thousands of new connections per second; -Dhttp.shareConnections=false gives every arrival its own
        // connection (and TLS handshake), closer to independent senders hitting a deployment.
        return properties.flag("http.shareConnections", true) ? protocol.shareConnections() : protocol;
    }
}
