package dev.durablehooks.contract.intake;

import static dev.durablehooks.contract.support.Checks.rejectedWithoutToken;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.ServiceUnderTest;
import dev.durablehooks.contract.support.Signatures;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The 503 row (extension): a service started with MAX_BACKLOG=0 is always over capacity. */
@ContractTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackpressureIT {

    private ServiceUnderTest service;

    @BeforeAll
    void start(ContractTarget target) {
        service = target.startDedicated("no-backlog", Map.of("MAX_BACKLOG", "0"));
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
