package dev.durablehooks.contract.intake;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.rejectedWithoutToken;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Downstream;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.ServiceUnderTest;
import dev.durablehooks.contract.support.Signatures;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The 503 row (extension): a service started with MAX_BACKLOG=1 whose one accepted execution is held in its process
 * step by a downstream that does not answer, so every further delivery finds intake over capacity.
 */
@ContractTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackpressureIT {

    private ServiceUnderTest service;

    @BeforeAll
    void startAndFillTheBacklog(ContractTarget target) {
        Downstream downstream = target.downstream();
        service = target.startDedicated("backlog-of-one",
                Map.of("MAX_BACKLOG", "1", "FORWARD_TIMEOUT_MS", "120000"));
        String marker = Payloads.newMarker();
        downstream.answer(marker, Downstream.status(200).withFixedDelay(120_000));
        String token = accepted(service.api().deliverSigned(Payloads.delivery(Payloads.order(marker))));
        service.poller().awaitUntil(token, body -> "PROCESSING".equals(body.path("status").asText()),
                "PROCESSING (held there by the silent downstream)");
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void intakeOverCapacityAnswers503WithRetryAfter() {
        ApiResponse r = service.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker())));

        rejectedWithoutToken(503, r);
        String retryAfter = r.header("Retry-After").orElse("(no Retry-After header)");
        assertTrue(retryAfter.matches("[1-9][0-9]*"), () -> "Retry-After must be whole seconds > 0: " + retryAfter);
    }

    @Test
    void deliveryRefusedForCapacityIsNotRememberedAsADuplicate() {
        String id = "msg_busy_" + Payloads.newMarker();
        var d = Payloads.delivery(Payloads.order(Payloads.newMarker())).withHeader(Signatures.WEBHOOK_ID, id);
        rejectedWithoutToken(503, service.api().deliverSigned(d));

        // The sender's retry of the very same delivery is refused again for capacity, not answered as a duplicate of
        // something that was never stored.
        rejectedWithoutToken(503, service.api().deliverSigned(d));
    }
}
