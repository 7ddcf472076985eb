package dev.durablehooks.chaos.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SignerTest {
    @Test
    void standardWebhooksSignatureMatchesThePublishedExample() {
        Signer signer = new Signer("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = signer.headers(SignatureScheme.STANDARD, "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "{\"test\": 2432232314}", 1614265330, false).get("webhook-signature");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    void corruptedSignatureDiffers() {
        Signer signer = new Signer("s3cret");
        assertNotEquals(signer.headers(SignatureScheme.GITHUB, null, "{}", 1, false),
                signer.headers(SignatureScheme.GITHUB, null, "{}", 1, true));
    }

    @Test
    void stripeSignatureCarriesItsTimestamp() {
        String header = new Signer("whsec_abc").headers(SignatureScheme.STRIPE, null, "{}", 1700000000, false)
                .get("Stripe-Signature");
        assertEquals("t=1700000000,v1=", header.substring(0, 16));
        assertEquals(16 + 64, header.length());
    }
}
