package dev.durablehooks.contract.operations;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Downstream;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.StatusHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator extensions: health, metrics, listing by status, redrive. */
@ContractTest
class OperatorApiIT {

    @Test
    void healthAnswers200WhenTheStoreIsReachable(ContractTarget target) {
        ApiResponse r = target.api().get("/health");

        assertEquals(200, r.status(), r::toString);
    }

    @Test
    void metricsAreExposedInPrometheusTextFormat(ContractTarget target) {
        accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker()))));

        ApiResponse r = target.api().get("/metrics");

        assertEquals(200, r.status(), r::toString);
        assertTrue(r.header("Content-Type").orElse("").startsWith("text/plain"), r.headers()::toString);
        assertTrue(r.body().contains("# TYPE "), "Prometheus exposition format");
    }

    @Test
    void failedExecutionsAreListedByStatus(ContractTarget target) {
        String token = accepted(target.api().deliverSigned(Delivery.json("{\"type\":\"refund\"}")));
        target.poller().awaitFailed(token);

        ApiResponse r = target.api().get("/executions?status=FAILED&limit=50");

        assertEquals(200, r.status(), r::toString);
        assertTrue(r.body().contains(token), () -> "the newest FAILED execution is on the first page: " + r);
    }

    @Test
    void redriveOfAnExecutionThatIsNotFailedAnswers409(ContractTarget target) {
        String token = accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker()))));
        target.poller().awaitCompleted(token);

        rejected(409, target.api().post("/executions/" + token + "/redrive", "{}"));
    }

    @Test
    void redriveResumesAFailedExecutionFromItsLastCheckpoint(ContractTarget target) {
        Downstream downstream = target.downstream();
        String marker = Payloads.newMarker();
        downstream.answerInSequence(marker, List.of(Downstream.status(400), Downstream.status(200)));
        String token = accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(marker))));
        target.poller().awaitFailed(token);

        ApiResponse redrive = target.api().post("/executions/" + token + "/redrive", "{}");
        assertTrue(redrive.status() >= 200 && redrive.status() < 300, redrive::toString);
        StatusHistory h = target.poller().awaitCompleted(token);

        assertEquals(1, h.step("validate").path("attempts").asInt(), "validate had its checkpoint: not run again");
        assertEquals(2, downstream.forwardsFor(marker).size(), "the failed forward, then the redriven one");
    }
}
