package dev.durablehooks.contract.signature;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.rejectedWithoutToken;
import static dev.durablehooks.contract.support.Signatures.STRIPE_SIGNATURE;
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

/** The 401 row for Stripe: {@code Stripe-Signature: t=<s>,v1=<hex HMAC-SHA256 of "t.body">}, secret as written. */
@ContractTest
class StripeSignatureIT {

    private static Delivery order() {
        return Payloads.delivery(Payloads.order(Payloads.newMarker()));
    }

    private static String v1(String secret, long t, Delivery d) {
        return Signatures.stripeV1(Signatures.utf8(secret), t, d.body());
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    @Test
    void validStripeSignatureIsAccepted(ContractTarget target) {
        Delivery d = order();
        long t = now();

        accepted(target.api().deliver(d.withHeader(STRIPE_SIGNATURE, "t=" + t + ",v1=" + v1(target.secret(), t, d))));
    }

    @Test
    void stripeHeaderWithSeveralV1SignaturesAcceptsAnyValidOne(ContractTarget target) {
        Delivery d = order();
        long t = now();
        String header = "t=" + t + ",v1=" + v1("an-old-secret", t, d) + ",v1=" + v1(target.secret(), t, d);

        accepted(target.api().deliver(d.withHeader(STRIPE_SIGNATURE, header)));
    }

    @Test
    void stripeTimestampMoreThan300SecondsOldIsRejectedWith401(ContractTarget target) {
        Delivery d = order();
        long t = now() - 400;

        String error = rejectedWithoutToken(401,
                target.api().deliver(d.withHeader(STRIPE_SIGNATURE, "t=" + t + ",v1=" + v1(target.secret(), t, d))));

        assertTrue(error.toLowerCase(Locale.ROOT).contains("timestamp"), () -> "names the failed check: " + error);
    }

    @Test
    void stripeTimestampMoreThan300SecondsAheadIsRejectedWith401(ContractTarget target) {
        Delivery d = order();
        long t = now() + 400;

        rejectedWithoutToken(401,
                target.api().deliver(d.withHeader(STRIPE_SIGNATURE, "t=" + t + ",v1=" + v1(target.secret(), t, d))));
    }

    @Test
    void stripeSignatureMadeWithAnotherSecretIsRejectedWith401(ContractTarget target) {
        target.secret();
        Delivery d = order();
        long t = now();

        rejectedWithoutToken(401,
                target.api().deliver(d.withHeader(STRIPE_SIGNATURE, "t=" + t + ",v1=" + v1("whsec_other", t, d))));
    }

    @Test
    void tamperedBodyFailsStripeVerificationWith401(ContractTarget target) {
        Delivery d = order();
        long t = now();
        Delivery genuine = d.withHeader(STRIPE_SIGNATURE, "t=" + t + ",v1=" + v1(target.secret(), t, d));

        rejectedWithoutToken(401, target.api().deliver(genuine.withBody(
                genuine.bodyText().replace("ord-", "ORD-").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void stripeSignatureIsBoundToItsTimestamp(ContractTarget target) {
        Delivery d = order();
        long signedAt = now() - 10;

        rejectedWithoutToken(401, target.api().deliver(
                d.withHeader(STRIPE_SIGNATURE, "t=" + now() + ",v1=" + v1(target.secret(), signedAt, d))));
    }

    @Test
    void stripeSchemeUsesTheSecretAsWrittenEvenWithAWhsecPrefix(ContractTarget target) {
        String secret = target.secret();
        org.junit.jupiter.api.Assumptions.assumeTrue(secret.startsWith("whsec_"),
                "needs a target whose secret is written whsec_<base64>");
        Delivery d = order();
        long t = now();
        String decodedKeySignature = java.util.HexFormat.of().formatHex(hmacWithDecodedKey(secret, t, d));

        rejectedWithoutToken(401, target.api().deliver(
                d.withHeader(STRIPE_SIGNATURE, "t=" + t + ",v1=" + decodedKeySignature)));
    }

    private static byte[] hmacWithDecodedKey(String secret, long t, Delivery d) {
        // The Stripe computation, but keyed as Standard Webhooks would key it: must not verify.
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(Signatures.standardWebhooksKey(secret), "HmacSHA256"));
            mac.update(Signatures.utf8(t + "."));
            return mac.doFinal(d.body());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
