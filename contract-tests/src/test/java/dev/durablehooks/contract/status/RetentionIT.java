package dev.durablehooks.contract.status;

import static dev.durablehooks.contract.support.Checks.accepted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Json;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.ResponseSchemas;
import dev.durablehooks.contract.support.ServiceUnderTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Retention: a record past its TTL answers 404, whether or not the store has deleted it yet. */
@ContractTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionIT {

    private ServiceUnderTest service;

    @BeforeAll
    void start(ContractTarget target) {
        // A sweep interval far longer than the test: the 404 must come from the TTL check, not from a deletion.
        service = target.startDedicated("short-retention",
                Map.of("RETENTION_SECONDS", "1", "SWEEP_INTERVAL_SECONDS", "3600"));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void recordPastItsRetentionAnswers404EvenBeforeItIsDeleted() {
        String token = accepted(service.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker()))));

        await("record " + token + " expires").pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(20))
                .until(() -> service.api().status(token).status() == 404);

        ApiResponse r = service.api().status(token);
        ResponseSchemas.ERROR.assertValid(r.json());
        assertEquals(Json.parse("{\"error\":\"Execution token not found\",\"executionToken\":\"" + token + "\"}"),
                r.json());
    }
}
