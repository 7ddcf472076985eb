package dev.durablehooks.contract.signature;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.rejectedWithoutToken;
import static dev.durablehooks.contract.support.Signatures.WEBHOOK_ID;
import static dev.durablehooks.contract.support.Signatures.WEBHOOK_SIGNATURE;
import static dev.durablehooks.contract.support.Signatures.WEBHOOK_TIMESTAMP;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The 401 row for Standard Webhooks (what Svix sends): HMAC-SHA256 of {@code id.timestamp.body}, base64. */
@ContractTest
class StandardWebhooksSignatureIT {

    private static Delivery order() {
        return Payloads.delivery(Payloads.order(Payloads.newMarker()));
    }

    /** Headers for {@code d} signed with {@code key} at {@code ts}, by the scheme's own definition. */
    private static Delivery signed(Delivery d, byte[] key, String id, long ts) {
        return d.withHeader(WEBHOOK_ID, id).withHeader(WEBHOOK_TIMESTAMP, Long.toString(ts))
                .withHeader(WEBHOOK_SIGNATURE, Signatures.standardWebhooksSignature(key, id, ts, d.body()));
    }

    private static String newId() {
        return "msg_" + Payloads.newMarker();
    }

    @Test
    void validStandardWebhooksSignatureIsAccepted(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());

        accepted(target.api().deliver(signed(order(), key, newId(), Instant.now().getEpochSecond())));
    }

    @Test
    void unsignedDeliveryIsRejectedWith401WhenASecretIsConfigured(ContractTarget target) {
        target.secret();

        String error = rejectedWithoutToken(401, target.api().deliver(order()));

        assertTrue(error.toLowerCase(Locale.ROOT).contains("signature"), () -> "names the failed check: " + error);
    }

    @Test
    void signatureMadeWithAnotherSecretIsRejectedWith401(ContractTarget target) {
        target.secret();
        byte[] otherKey = "not-the-configured-secret".getBytes(StandardCharsets.UTF_8);

        rejectedWithoutToken(401, target.api().deliver(signed(order(), otherKey, newId(),
                Instant.now().getEpochSecond())));
    }

    @Test
    void timestampMoreThan300SecondsOldIsRejectedWith401NamingTheTimestamp(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        long stale = Instant.now().getEpochSecond() - 360;

        String error = rejectedWithoutToken(401, target.api().deliver(signed(order(), key, newId(), stale)));

        assertTrue(error.toLowerCase(Locale.ROOT).contains("timestamp"), () -> "names the failed check: " + error);
    }

    @Test
    void timestampMoreThan300SecondsAheadIsRejectedWith401NamingTheTimestamp(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        long future = Instant.now().getEpochSecond() + 360;

        String error = rejectedWithoutToken(401, target.api().deliver(signed(order(), key, newId(), future)));

        assertTrue(error.toLowerCase(Locale.ROOT).contains("timestamp"), () -> "names the failed check: " + error);
    }

    @Test
    void timestampWithinTheToleranceIsAccepted(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        long recent = Instant.now().getEpochSecond() - 240;

        accepted(target.api().deliver(signed(order(), key, newId(), recent)));
    }

    @Test
    void tamperedBodyFailsVerificationWith401(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        Delivery genuine = signed(order(), key, newId(), Instant.now().getEpochSecond());
        Delivery tampered = genuine.withBody(genuine.bodyText().replace("\"amount\":100", "\"amount\":100000")
                .getBytes(StandardCharsets.UTF_8));

        rejectedWithoutToken(401, target.api().deliver(tampered));
    }

    @Test
    void webhookIdIsPartOfTheSignedContent(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        Delivery signedForOneId = signed(order(), key, newId(), Instant.now().getEpochSecond());

        rejectedWithoutToken(401, target.api().deliver(signedForOneId.withHeader(WEBHOOK_ID, newId())));
    }

    @Test
    void signatureListWithOneValidEntryIsAccepted(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        Delivery d = signed(order(), key, newId(), Instant.now().getEpochSecond());
        String valid = d.header(WEBHOOK_SIGNATURE).orElseThrow();
        String wrong = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

        accepted(target.api().deliver(d.withHeader(WEBHOOK_SIGNATURE, wrong + " " + valid)));
    }

    @Test
    void whsecSecretIsBase64DecodedForStandardWebhooks(ContractTarget target) {
        String secret = target.secret();
        org.junit.jupiter.api.Assumptions.assumeTrue(secret.startsWith("whsec_"),
                "needs a target whose secret is written whsec_<base64>");
        byte[] literalKey = secret.getBytes(StandardCharsets.UTF_8);

        rejectedWithoutToken(401, target.api().deliver(signed(order(), literalKey, newId(),
                Instant.now().getEpochSecond())));
    }

    @Test
    void nonNumericTimestampIsRejectedWith401(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        Delivery d = signed(order(), key, newId(), Instant.now().getEpochSecond())
                .withHeader(WEBHOOK_TIMESTAMP, "yesterday");

        rejectedWithoutToken(401, target.api().deliver(d));
    }

    @Test
    void rejectionNeverRevealsTheExpectedSignature(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        String id = newId();
        long ts = Instant.now().getEpochSecond();
        Delivery d = order();
        String expected = Signatures.standardWebhooksSignature(key, id, ts, d.body()).substring("v1,".length());
        Delivery wrong = signed(d, "wrong".getBytes(StandardCharsets.UTF_8), id, ts);

        String error = rejectedWithoutToken(401, target.api().deliver(wrong));

        assertFalse(error.contains(expected), () -> "the error leaks the expected signature: " + error);
        assertFalse(error.contains(expected.substring(0, 12)), () -> "the error leaks part of it: " + error);
    }

    @Test
    void redeliveryOfAKnownWebhookIdWithoutAValidSignatureIsStillRejected(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        String id = newId();
        Delivery d = order();
        long ts = Instant.now().getEpochSecond();
        accepted(target.api().deliver(signed(d, key, id, ts)));

        // Knowing a delivery id must not be enough to get an answer about it: the signature is checked first.
        rejectedWithoutToken(401, target.api().deliver(signed(d, "forged".getBytes(StandardCharsets.UTF_8), id, ts)));
    }

    @Test
    void rejectedSignatureDoesNotConsumeTheDedupKey(ContractTarget target) {
        byte[] key = Signatures.standardWebhooksKey(target.secret());
        String id = newId();
        Delivery d = order();
        long ts = Instant.now().getEpochSecond();
        rejectedWithoutToken(401, target.api().deliver(signed(d, "forged".getBytes(StandardCharsets.UTF_8), id, ts)));

        accepted(target.api().deliver(signed(d, key, id, ts)));
    }
}
