package dev.durablehooks.contract.intake;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.rejectedWithoutToken;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.Signatures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * POST /webhook, the 400, 413 and 415 rows, against a correctly signed request so that the rejection is about the
 * row under test and not about the signature.
 */
@ContractTest
class RejectionIT {

    @Test
    void malformedJsonIsRejectedWith400NamingTheProblem(ContractTarget target) {
        ApiResponse r = target.api().deliverSigned(Delivery.json("{\"type\": \"order\", orderId: 12}"));

        String error = rejectedWithoutToken(400, r);
        assertFalse(error.isBlank());
    }

    @Test
    void emptyBodyIsRejectedWith400(ContractTarget target) {
        rejectedWithoutToken(400, target.api().deliverSigned(Delivery.json("")));
    }

    @Test
    void whitespaceOnlyBodyIsRejectedWith400(ContractTarget target) {
        rejectedWithoutToken(400, target.api().deliverSigned(Delivery.json("  \n\t ")));
    }

    @Test
    void truncatedJsonIsRejectedWith400(ContractTarget target) {
        rejectedWithoutToken(400, target.api().deliverSigned(Delivery.json("{\"type\":\"order\",\"orderId\":\"1\"")));
    }

    @Test
    void trailingGarbageAfterTheJsonValueIsRejectedWith400(ContractTarget target) {
        rejectedWithoutToken(400, target.api().deliverSigned(Delivery.json("{\"type\":\"order\"} trailing")));
    }

    @Test
    void bodyOverMaxBodyBytesIsRejectedWith413StatingTheLimit(ContractTarget target) {
        byte[] body = AcceptanceIT.paddedJson(262_145);

        String error = rejectedWithoutToken(413,
                target.api().withOwnConnections().deliverSigned(Delivery.bytes(body, Delivery.JSON)));

        assertTrue(error.contains("262144"), () -> "the error states the limit: " + error);
    }

    @Test
    void bodyFarOverTheLimitStillGetsA413Answer(ContractTarget target) {
        // A sender must see the 413 even when the service stops reading long before the body ends.
        byte[] body = AcceptanceIT.paddedJson(4 * 1024 * 1024);

        rejectedWithoutToken(413, target.api().withOwnConnections().deliverSigned(Delivery.bytes(body, Delivery.JSON)));
    }

    @Test
    void textPlainContentTypeIsRejectedWith415(ContractTarget target) {
        Delivery d = Payloads.delivery(Payloads.order(Payloads.newMarker())).withContentType("text/plain");

        rejectedWithoutToken(415, target.api().deliverSigned(d));
    }

    @Test
    void missingContentTypeIsRejectedWith415(ContractTarget target) {
        Delivery d = Payloads.delivery(Payloads.order(Payloads.newMarker())).withoutContentType();

        rejectedWithoutToken(415, target.api().deliverSigned(d));
    }

    @Test
    void formEncodedContentTypeIsRejectedWith415(ContractTarget target) {
        Delivery d = Delivery.bytes("type=order&orderId=1".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");

        rejectedWithoutToken(415, target.api().deliverSigned(d));
    }

    @Test
    void jsonLookalikeMediaTypeIsRejectedWith415(ContractTarget target) {
        Delivery d = Payloads.delivery(Payloads.order(Payloads.newMarker())).withContentType("application/jsonx");

        rejectedWithoutToken(415, target.api().deliverSigned(d));
    }

    @Test
    void rejectedDeliveryDoesNotConsumeItsDedupKey(ContractTarget target) {
        String id = "msg_rejected_" + Payloads.newMarker();
        Delivery broken = Delivery.json("{not json").withHeader(Signatures.WEBHOOK_ID, id);
        rejectedWithoutToken(400, target.api().deliverSigned(broken));

        Delivery fixed = Payloads.delivery(Payloads.order(Payloads.newMarker())).withHeader(Signatures.WEBHOOK_ID, id);

        // Nothing was stored for the broken one: the fixed redelivery is a first delivery, not a 409 or a duplicate.
        accepted(target.api().deliverSigned(fixed));
    }
}
