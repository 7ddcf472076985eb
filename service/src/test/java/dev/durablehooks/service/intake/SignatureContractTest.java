package dev.durablehooks.service.intake;

import dev.durablehooks.service.support.RunningService;
import dev.durablehooks.service.support.RunningService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With WEBHOOK_SECRET set, every scheme's signature is checked on the raw body before anything is stored. */
class SignatureContractTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String STANDARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final String PLAIN_SECRET = "gh-and-stripe-secret";
    private static final String ORDER = "{\"type\":\"order\",\"orderId\":\"123\"}";

    @TempDir
    static Path dataDir;
    static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(dataDir, Map.of("WEBHOOK_SECRET", "old-rotated-out," + STANDARD_SECRET + "," + PLAIN_SECRET));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static int storedRecords() {
        return service.get("/executions?limit=1000").json().get("executions").size();
    }

    private static String hmacBase64(byte[] key, String text) {
        return Base64.getEncoder().encodeToString(hmac(key, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String[] standardHeaders(String id, long timestamp, String body, byte[] key) {
        return new String[] {"webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", "v1," + hmacBase64(key, id + "." + timestamp + "." + body)};
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static void assertUnauthorizedAndNothingStored(Reply r, int before) {
        assertEquals(401, r.status(), r.body());
        assertTrue(r.json().get("error").asText().length() > 0);
        assertEquals(before, storedRecords());
    }

    @Test
    void validStandardWebhooksSignatureIsAccepted() {
        Reply r = service.postJson(ORDER, standardHeaders("msg_" + UUID.randomUUID(), now(), ORDER, KEY));
        assertEquals(202, r.status(), r.body());
    }

    @Test
    void validGithubSignatureIsAccepted() {
        String sig = "sha256=" + HexFormat.of().formatHex(hmac(PLAIN_SECRET.getBytes(StandardCharsets.UTF_8),
                ORDER.getBytes(StandardCharsets.UTF_8)));
        Reply r = service.postJson(ORDER, "X-Hub-Signature-256", sig, "X-GitHub-Delivery", UUID.randomUUID().toString());
        assertEquals(202, r.status(), r.body());
    }

    @Test
    void validStripeSignatureIsAccepted() {
        long t = now();
        String sig = HexFormat.of().formatHex(hmac(PLAIN_SECRET.getBytes(StandardCharsets.UTF_8),
                (t + "." + ORDER).getBytes(StandardCharsets.UTF_8)));
        Reply r = service.postJson(ORDER, "Stripe-Signature", "t=" + t + ",v1=" + sig);
        assertEquals(202, r.status(), r.body());
    }

    @Test
    void wrongSecretIsRejectedWith401() {
        int before = storedRecords();
        Reply r = service.postJson(ORDER, standardHeaders("msg_wrong", now(), ORDER, "another-key".getBytes(StandardCharsets.UTF_8)));
        assertUnauthorizedAndNothingStored(r, before);
    }

    @Test
    void staleTimestampIsRejectedWith401() {
        int before = storedRecords();
        Reply r = service.postJson(ORDER, standardHeaders("msg_stale", now() - 301, ORDER, KEY));
        assertUnauthorizedAndNothingStored(r, before);
        assertTrue(r.json().get("error").asText().toLowerCase().contains("timestamp"), r.body());
    }

    @Test
    void missingSignatureHeaderIsRejectedWith401() {
        int before = storedRecords();
        assertUnauthorizedAndNothingStored(service.postJson(ORDER), before);
    }

    @Test
    void tamperedBodyIsRejectedWith401() {
        int before = storedRecords();
        String[] headers = standardHeaders("msg_tampered", now(), ORDER, KEY);
        Reply r = service.postJson(ORDER.replace("123", "124"), headers);
        assertUnauthorizedAndNothingStored(r, before);
    }

    @Test
    void errorNeverContainsTheExpectedSignature() {
        String expected = hmacBase64(KEY, "msg_x." + now() + "." + ORDER);
        Reply r = service.postJson(ORDER, "webhook-id", "msg_x", "webhook-timestamp", Long.toString(now()),
                "webhook-signature", "v1,AAAA");
        assertEquals(401, r.status());
        assertFalse(r.body().contains(expected));
    }

    @Test
    void replayedWebhookIdWithAFreshTimestampIsADuplicateNotANewExecution() {
        String id = "msg_" + UUID.randomUUID();
        Reply first = service.postJson(ORDER, standardHeaders(id, now() - 100, ORDER, KEY));
        assertEquals(202, first.status());
        int before = storedRecords();
        Reply replay = service.postJson(ORDER, standardHeaders(id, now(), ORDER, KEY));
        assertEquals(202, replay.status(), replay.body());
        assertEquals(first.json().get("executionToken"), replay.json().get("executionToken"));
        assertTrue(replay.json().get("duplicate").asBoolean());
        String other = "{\"type\":\"order\",\"orderId\":\"666\"}";
        Reply conflicting = service.postJson(other, standardHeaders(id, now(), other, KEY));
        assertEquals(409, conflicting.status());
        assertEquals(before, storedRecords());
    }
}
