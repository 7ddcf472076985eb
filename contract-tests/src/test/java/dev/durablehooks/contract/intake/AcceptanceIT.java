package dev.durablehooks.contract.intake;

import static dev.durablehooks.contract.support.Checks.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Json;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.ResponseSchemas;
import dev.durablehooks.contract.support.StatusHistory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** POST /webhook, the 202 row: what an accepted delivery gets back and what is stored before the answer. */
@ContractTest
class AcceptanceIT {

    @Test
    void validWebhookIsAcceptedWith202AndTheSeedsMessage(ContractTarget target) {
        ApiResponse r = target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker())));

        accepted(r);
        assertEquals("Webhook accepted for processing", r.json().path("message").asText());
    }

    @Test
    void acceptedResponseCarriesTheLocationOfItsStatus(ContractTarget target) {
        ApiResponse r = target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker())));
        String token = accepted(r);

        assertEquals("/status/" + token, r.header("Location").orElse("(no Location header)"));
    }

    @Test
    void everyDeliveryGetsItsOwnToken(ContractTarget target) {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker())))));
        }

        assertEquals(20, tokens.size(), () -> "20 deliveries, distinct tokens expected: " + tokens);
    }

    @Test
    void statusIsReadableAsSoonAsThe202HasBeenSent(ContractTarget target) {
        String token = accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker()))));

        ApiResponse status = target.api().status(token);

        assertEquals(200, status.status(), () -> "the record is durable before the 202: " + status);
        ResponseSchemas.STATUS.assertValid(status.json());
        assertEquals(token, status.json().path("executionToken").asText());
        assertTrue(StatusHistory.isKnown(status.json().path("status").asText()), status::toString);
    }

    @Test
    void statusIsReadableAtOnceForEveryConcurrentlyAcceptedDelivery(ContractTarget target) throws Exception {
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiResponse>> reads = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                reads.add(senders.submit(() -> {
                    String token = accepted(
                            target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker()))));
                    return target.api().status(token);
                }));
            }
            for (Future<ApiResponse> read : reads) {
                ApiResponse status = read.get();
                assertEquals(200, status.status(), () -> "durable and readable before the 202: " + status);
            }
        }
    }

    @Test
    void contentTypeWithACharsetParameterIsAccepted(ContractTarget target) {
        Delivery d = Payloads.delivery(Payloads.order(Payloads.newMarker()))
                .withContentType("application/json; charset=utf-8");

        accepted(target.api().deliverSigned(d));
    }

    @Test
    void mediaTypeIsMatchedCaseInsensitively(ContractTarget target) {
        // RFC 9110, section 8.3.1: type, subtype and parameter names are case-insensitive.
        Delivery d = Payloads.delivery(Payloads.order(Payloads.newMarker()))
                .withContentType("Application/JSON; Charset=UTF-8");

        accepted(target.api().deliverSigned(d));
    }

    @Test
    void statusTimestampIsTheAcceptTimeInEpochMillis(ContractTarget target) {
        long before = System.currentTimeMillis();
        String token = accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker()))));
        long after = System.currentTimeMillis();

        long timestamp = target.api().status(token).json().path("timestamp").asLong();

        // A deployment's clock may differ a little from ours; the local service shares our clock.
        long slack = target.isLocal() ? 1000 : 60_000;
        assertTrue(timestamp >= before - slack && timestamp <= after + slack,
                () -> "timestamp " + timestamp + " not within the request [" + before + ", " + after + "]");
    }

    @Test
    void recordTtlIsTheAcceptTimePlusSevenDaysByDefault(ContractTarget target) {
        assumeTrue(target.isLocal(), "a deployment may configure another RETENTION_DAYS");
        String token = accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker()))));
        JsonNode body = target.api().status(token).json();
        assumeTrue(body.has("ttl"), "the status body does not expose the record's ttl");

        long acceptSeconds = body.path("timestamp").asLong() / 1000;
        long ttl = body.path("ttl").asLong();
        long sevenDays = 7L * 24 * 3600;
        assertTrue(ttl == acceptSeconds + sevenDays || ttl == acceptSeconds + sevenDays + 1,
                () -> "ttl " + ttl + " for an accept at " + acceptSeconds + " s: " + body);
    }

    @Test
    void originalPayloadIsStoredExactlyAsSent(ContractTarget target) {
        ObjectNode payload = Payloads.order(Payloads.newMarker());
        payload.put("note", "Grüße, 日本, emoji \uD83D\uDE00, quote \" and backslash \\");
        payload.putArray("lines").add(1).add(2.5).add(-0.125).addNull().add(true);
        payload.putObject("nested").putObject("deeper").put("big", 9007199254740991L);

        String token = accepted(target.api().deliverSigned(Payloads.delivery(payload)));
        JsonNode stored = target.api().status(token).json().path("originalPayload");

        assertEquals(payload, stored);
    }

    @Test
    void wellFormedJsonBreakingTheBusinessRulesIsStillAcceptedWith202(ContractTarget target) {
        accepted(target.api().deliverSigned(Delivery.json("{}")));
    }

    @Test
    void bodyOfExactlyTheDefaultMaxBodyBytesIsAccepted(ContractTarget target) {
        byte[] body = paddedJson(262_144);

        accepted(target.api().deliverSigned(Delivery.bytes(body, Delivery.JSON)));
    }

    /** A valid order payload padded with a filler string to exactly {@code size} bytes. */
    static byte[] paddedJson(int size) {
        String head = "{\"type\":\"order\",\"orderId\":\"pad\",\"filler\":\"";
        String tail = "\"}";
        int fill = size - head.length() - tail.length();
        byte[] body = (head + "x".repeat(fill) + tail).getBytes(StandardCharsets.UTF_8);
        if (body.length != size) {
            throw new IllegalStateException("padding arithmetic: " + body.length);
        }
        Json.parse(new String(body, StandardCharsets.UTF_8));
        return body;
    }
}
