package dev.durablehooks.load.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardWebhooksSignerTest {

    // The Standard Webhooks specification's published test vector.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsTheSpecificationsTestVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                new StandardWebhooksSigner(SECRET).signature(ID, TIMESTAMP, BODY));
    }

    @Test
    void signsWithTheFirstSecretOfARotationList() {
        assertEquals(new StandardWebhooksSigner(SECRET).signature(ID, TIMESTAMP, BODY),
                new StandardWebhooksSigner(SECRET + ",whsec_c2Vjb25k").signature(ID, TIMESTAMP, BODY));
    }

    @Test
    void usesASecretWithoutPrefixAsItsTextBytes() {
        assertNotEquals(new StandardWebhooksSigner(SECRET).signature(ID, TIMESTAMP, BODY),
                new StandardWebhooksSigner("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").signature(ID, TIMESTAMP, BODY));
    }

    @Test
    void aChangedBodyChangesTheSignature() {
        StandardWebhooksSigner signer = new StandardWebhooksSigner(SECRET);
        assertNotEquals(signer.signature(ID, TIMESTAMP, BODY), signer.signature(ID, TIMESTAMP, BODY + " "));
    }

    @Test
    void refusesAnEmptySecret() {
        assertThrows(IllegalArgumentException.class, () -> new StandardWebhooksSigner(" ,x"));
    }
}
