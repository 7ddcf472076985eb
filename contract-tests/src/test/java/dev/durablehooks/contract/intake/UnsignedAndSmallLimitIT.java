package dev.durablehooks.contract.intake;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.rejectedWithoutToken;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.ServiceUnderTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A service started with no WEBHOOK_SECRET (the seed's default) and MAX_BODY_BYTES=1024. */
@ContractTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnsignedAndSmallLimitIT {

    private static final int LIMIT = 1024;

    private ServiceUnderTest service;

    @BeforeAll
    void start(ContractTarget target) {
        service = target.startDedicated("unsigned-small",
                Map.of("WEBHOOK_SECRET", "", "MAX_BODY_BYTES", Integer.toString(LIMIT)));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void unsignedDeliveryIsAcceptedWhenNoSecretIsConfigured() {
        String token = accepted(service.api().deliver(Payloads.delivery(Payloads.order(Payloads.newMarker()))));

        service.poller().awaitCompleted(token);
    }

    @Test
    void bodyOverAConfiguredMaxBodyBytesIsRejectedWith413StatingThatLimit() {
        String error = rejectedWithoutToken(413,
                service.api().withOwnConnections()
                        .deliver(Delivery.bytes(AcceptanceIT.paddedJson(LIMIT + 1), Delivery.JSON)));

        assertTrue(error.contains(Integer.toString(LIMIT)), () -> "the error states the limit: " + error);
    }

    @Test
    void bodyOfExactlyAConfiguredMaxBodyBytesIsAccepted() {
        accepted(service.api().deliver(Delivery.bytes(AcceptanceIT.paddedJson(LIMIT), Delivery.JSON)));
    }
}
