package dev.durablehooks.load.webhook;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.durablehooks.load.config.LoadProperties;
import dev.durablehooks.load.service.ServiceTarget;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The requests every simulation is made of. A delivery is prepared in the virtual user's session (id, timestamp,
 * body, signature) and then sent by {@link #postWebhook(String)}; the signature header is sent whenever the target
 * has a secret, so malformed and duplicate deliveries are correctly signed and only the bad-signature class is not.
 */
public final class WebhookTraffic {

    public static final String WEBHOOK_ID = "webhookId";
    public static final String TIMESTAMP = "webhookTimestamp";
    public static final String BODY = "body";
    public static final String SIGNATURE = "signature";
    public static final String TOKEN = "executionToken";

    private final ServiceTarget target;
    private final Optional<StandardWebhooksSigner> signer;
    private final StandardWebhooksSigner impostor;
    private final PayloadMix mix;

    private WebhookTraffic(ServiceTarget target, PayloadMix mix) {
        this.target = target;
        this.signer = target.secret().map(StandardWebhooksSigner::new);
        byte[] otherKey = new byte[24];
        new SecureRandom().nextBytes(otherKey);
        this.impostor = new StandardWebhooksSigner("whsec_" + java.util.Base64.getEncoder().encodeToString(otherKey));
        this.mix = mix;
    }

    /** Reads {@code load.payloadMix} (type weights) and {@code load.payloadDataBytes} (filler size). */
    public static WebhookTraffic fromProperties(LoadProperties properties, ServiceTarget target) {
        PayloadMix mix = PayloadMix.parse(properties.string("load.payloadMix", "order=40,payment=30,user=20,system=10"),
                (int) properties.nonNegative("load.payloadDataBytes", 256));
        return new WebhookTraffic(target, mix);
    }

    public boolean signs() {
        return signer.isPresent();
    }

    /** Puts a fresh, valid, correctly signed delivery into the session. */
    public ChainBuilder newValidDelivery() {
        return prepare(id -> mix.validPayload(ThreadLocalRandom.current(), id), true);
    }

    /** A correctly signed delivery whose body is not well-formed JSON (expected answer: 400). */
    public ChainBuilder newMalformedDelivery() {
        return prepare(PayloadMix::malformedPayload, true);
    }

    /** A valid payload signed with a key the service does not know (expected answer: 401). */
    public ChainBuilder newBadlySignedDelivery() {
        if (signer.isEmpty()) {
            throw new IllegalStateException("Bad-signature traffic needs a signing secret: pass -Dwebhook.secret=...");
        }
        return prepare(id -> mix.validPayload(ThreadLocalRandom.current(), id), false);
    }

    /** {@code POST /webhook} with the session's delivery; checks belong to the caller. */
    public HttpRequestActionBuilder postWebhook(String requestName) {
        HttpRequestActionBuilder request = http(requestName)
                .post(session -> target.url("/webhook"))
                .header("Content-Type", "application/json")
                .header("webhook-id", session -> session.getString(WEBHOOK_ID))
                .header("webhook-timestamp", session -> session.getString(TIMESTAMP))
                .body(StringBody(session -> session.getString(BODY)));
        return signer.isPresent()
                ? request.header("webhook-signature", session -> session.getString(SIGNATURE))
                : request;
    }

    /** {@code GET /status/{token}} for the token saved in the session. */
    public HttpRequestActionBuilder getStatus(String requestName) {
        return http(requestName).get(session -> target.url("/status/" + session.getString(TOKEN)));
    }

    /** {@code GET /health}: the non-durable baseline. */
    public HttpRequestActionBuilder getHealth(String requestName) {
        return http(requestName).get(session -> target.url("/health"));
    }

    private ChainBuilder prepare(Function<String, String> body, boolean validSignature) {
        return exec(session -> withDelivery(session, body, validSignature));
    }

    private Session withDelivery(Session session, Function<String, String> bodyFor, boolean validSignature) {
        String id = newWebhookId();
        long timestamp = System.currentTimeMillis() / 1000;
        String body = bodyFor.apply(id);
        Session prepared = session.set(WEBHOOK_ID, id).set(TIMESTAMP, Long.toString(timestamp)).set(BODY, body);
        if (signer.isEmpty()) {
            return prepared;
        }
        StandardWebhooksSigner signing = validSignature ? signer.get() : impostor;
        return prepared.set(SIGNATURE, signing.signature(id, timestamp, body));
    }

    private static String newWebhookId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "msg_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}
