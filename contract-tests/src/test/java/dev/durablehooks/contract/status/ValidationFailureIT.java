package dev.durablehooks.contract.status;

import static dev.durablehooks.contract.support.Checks.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.StatusHistory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Well-formed JSON that breaks the seed's business rules is accepted and then FAILS in validate, with the seed's
 * messages byte for byte.
 */
@ContractTest
class ValidationFailureIT {

    private static final String NOT_AN_OBJECT = "Validation failed: Payload is required and must be an object";
    private static final String MISSING_TYPE = "Validation failed: Payload must include a \"type\" field";
    private static final String INVALID_TYPE =
            "Validation failed: Invalid webhook type. Must be one of: order, payment, user, system";

    private static StatusHistory fail(ContractTarget target, String json) {
        String token = accepted(target.api().deliverSigned(Delivery.json(json)));
        return target.poller().awaitFailed(token);
    }

    private static String error(StatusHistory h) {
        return h.last().path("error").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"an order\"", "42", "true", "[]", "[{\"type\":\"order\",\"orderId\":\"1\"}]"})
    void payloadThatIsNotAnObjectFailsWithTheSeedsMessage(String json, ContractTarget target) {
        assertEquals(NOT_AN_OBJECT, error(fail(target, json)));
    }

    @Test
    void payloadWithoutTypeFailsWithTheSeedsMessage(ContractTarget target) {
        assertEquals(MISSING_TYPE, error(fail(target, "{\"orderId\":\"1\"}")));
    }

    @Test
    void emptyTypeCountsAsMissingLikeInTheSeed(ContractTarget target) {
        assertEquals(MISSING_TYPE, error(fail(target, "{\"type\":\"\",\"orderId\":\"1\"}")));
    }

    @Test
    void unknownTypeFailsWithTheListOfValidTypes(ContractTarget target) {
        assertEquals(INVALID_TYPE, error(fail(target, "{\"type\":\"refund\"}")));
    }

    @Test
    void typeIsCaseSensitive(ContractTarget target) {
        assertEquals(INVALID_TYPE, error(fail(target, "{\"type\":\"Order\",\"orderId\":\"1\"}")));
    }

    @Test
    void orderWithoutOrderIdFailsWithTheSeedsMessage(ContractTarget target) {
        assertEquals("Validation failed: Order webhooks must include orderId",
                error(fail(target, "{\"type\":\"order\",\"data\":{\"amount\":1}}")));
    }

    @Test
    void paymentWithoutTransactionIdFailsWithTheSeedsMessage(ContractTarget target) {
        assertEquals("Validation failed: Payment webhooks must include transactionId",
                error(fail(target, "{\"type\":\"payment\",\"orderId\":\"1\"}")));
    }

    @Test
    void failedValidationShowsValidateAsItsCurrentStep(ContractTarget target) {
        assertEquals("validate", fail(target, "{}").last().path("currentStep").asText());
    }

    @Test
    void failedExecutionCarriesNoResult(ContractTarget target) {
        JsonNode last = fail(target, "{\"type\":\"refund\"}").last();

        assertTrue(last.path("result").isMissingNode() || last.path("result").isNull(), last::toString);
    }

    @Test
    void failedValidationNeverReachesProcessingOrTheDownstream(ContractTarget target) {
        String marker = Payloads.newMarker();
        StatusHistory h = fail(target, "{\"type\":\"order\",\"data\":{\"marker\":\"" + marker + "\"}}");

        h.assertNeverRegressed();
        assertTrue(List.of("STARTED", "VALIDATING", "FAILED").containsAll(h.observed()), h.observed()::toString);
        assertEquals("FAILED", h.step("validate").path("status").asText());
        if (target.isLocal()) {
            assertEquals(0, target.downstream().forwardsFor(marker).size(), "nothing forwarded");
        }
    }
}
