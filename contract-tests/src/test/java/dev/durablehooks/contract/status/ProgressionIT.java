package dev.durablehooks.contract.status;

import static dev.durablehooks.contract.support.Checks.accepted;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Downstream;
import dev.durablehooks.contract.support.Json;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.StatusHistory;
import dev.durablehooks.contract.support.StatusPoller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /status: STARTED → VALIDATING → PROCESSING → COMPLETED, never backwards, and what a COMPLETED record holds. */
@ContractTest
class ProgressionIT {

    private static final List<String> ORDER = List.of("STARTED", "VALIDATING", "PROCESSING", "COMPLETED");

    private static StatusHistory completeOrder(ContractTarget target, ObjectNode payload) {
        String token = accepted(target.api().deliverSigned(Payloads.delivery(payload)));
        return target.poller().awaitCompleted(token);
    }

    @Test
    void validWebhookMovesThroughTheStatusesInOrderToCompleted(ContractTarget target) {
        String marker = Payloads.newMarker();
        if (target.isLocal()) {
            // A downstream that takes a moment keeps the execution in PROCESSING long enough to be seen there.
            // (STARTED and VALIDATING last milliseconds: polling sees them only sometimes, so they are not required.)
            target.downstream().answer(marker, Downstream.status(200).withFixedDelay(400));
        }

        StatusHistory h = completeOrder(target, Payloads.order(marker));

        h.assertNeverRegressed();
        assertTrue(ORDER.containsAll(h.observed()), () -> "only progression statuses: " + h.observed());
        if (target.isLocal()) {
            assertTrue(h.observed().contains("PROCESSING"), () -> "PROCESSING seen on the way: " + h.observed());
        }
        assertEquals("COMPLETED", h.observed().getLast());
    }

    @Test
    void stepHistoryListsValidateProcessFinalizeInOrderAllSucceeded(ContractTarget target) {
        StatusHistory h = completeOrder(target, Payloads.order(Payloads.newMarker()));

        List<String> names = new ArrayList<>();
        h.last().path("steps").forEach(s -> names.add(s.path("name").asText()));
        assertEquals(List.of("validate", "process", "finalize"), names);
        assertAll(names.stream().map(n -> () -> {
            JsonNode step = h.step(n);
            assertEquals("SUCCEEDED", step.path("status").asText(), step::toString);
            assertEquals(1, step.path("attempts").asInt(), step::toString);
        }));
    }

    @Test
    void stepsStartAndEndInTheOrderTheyRan(ContractTarget target) {
        StatusHistory h = completeOrder(target, Payloads.order(Payloads.newMarker()));

        Instant validateEnd = Instant.parse(h.step("validate").path("endedAt").asText());
        Instant processStart = Instant.parse(h.step("process").path("startedAt").asText());
        Instant processEnd = Instant.parse(h.step("process").path("endedAt").asText());
        Instant finalizeStart = Instant.parse(h.step("finalize").path("startedAt").asText());
        assertFalse(processStart.isBefore(validateEnd), "process starts after validate ended");
        assertFalse(finalizeStart.isBefore(processEnd), "finalize starts after process ended");
    }

    @Test
    void completedExecutionShowsFinalizeAsItsCurrentStep(ContractTarget target) {
        StatusHistory h = completeOrder(target, Payloads.order(Payloads.newMarker()));

        assertEquals("finalize", h.last().path("currentStep").asText());
    }

    @Test
    void completedExecutionCarriesTheProcessStepsResult(ContractTarget target) {
        ObjectNode payload = Payloads.order(Payloads.newMarker());
        StatusHistory h = completeOrder(target, payload);
        JsonNode result = h.last().path("result");

        assertAll(
                () -> assertEquals(h.token(), result.path("executionToken").asText()),
                () -> assertEquals("processed", result.path("status").asText()),
                () -> assertEquals(payload, result.path("originalPayload")),
                () -> assertEquals("Processed webhook of type: order", result.path("businessResult").asText()),
                () -> Instant.parse(result.path("processedAt").asText()),
                () -> assertEquals("webhook-processor-java", result.path("metadata").path("processedBy").asText()),
                () -> assertFalse(result.path("metadata").path("version").asText().isBlank()));
    }

    @Test
    void dataTransformedIsTheUpperCasedJsonTextOfData(ContractTarget target) {
        ObjectNode payload = Json.object().put("type", "user");
        payload.putObject("data").put("name", "ada").put("marker", "mk").putArray("tags").add("x");

        StatusHistory h = completeOrder(target, payload);

        assertEquals("{\"NAME\":\"ADA\",\"MARKER\":\"MK\",\"TAGS\":[\"X\"]}",
                h.last().path("result").path("dataTransformed").asText());
    }

    @Test
    void dataTransformedIsNullWhenThePayloadHasNoData(ContractTarget target) {
        StatusHistory h = completeOrder(target, Json.object().put("type", "system"));

        JsonNode transformed = h.last().path("result").path("dataTransformed");
        assertTrue(transformed.isNull(), () -> "expected null, got " + transformed);
    }

    @Test
    void completedAtIsAnIsoInstantNotBeforeTheAcceptTime(ContractTarget target) {
        StatusHistory h = completeOrder(target, Payloads.order(Payloads.newMarker()));

        Instant completedAt = Instant.parse(h.last().path("completedAt").asText());
        Instant acceptedAt = Instant.ofEpochMilli(h.last().path("timestamp").asLong());
        assertFalse(completedAt.isBefore(acceptedAt), () -> completedAt + " before " + acceptedAt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order", "payment", "user", "system"})
    void everyWebhookTypeOfTheSeedCompletes(String type, ContractTarget target) {
        StatusHistory h = completeOrder(target, Payloads.ofType(type, Payloads.newMarker()));

        assertEquals("Processed webhook of type: " + type, h.last().path("result").path("businessResult").asText());
    }

    @Test
    void statusNeverMovesBackwardsWhileRetriesReplayTheExecution(ContractTarget target) {
        String marker = Payloads.newMarker();
        target.downstream().answerInSequence(marker, List.of(Downstream.status(503), Downstream.status(503),
                Downstream.status(503), Downstream.status(200)));
        String token = accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(marker))));
        // Each retry suspends the execution and replays it; a status written outside a step, or written without the
        // forward-only guard, would flash back to an earlier status for a few milliseconds: poll as fast as we can.
        StatusPoller tight = new StatusPoller(target.api(), Duration.ofMillis(1), target.poller().timeout());

        StatusHistory h = tight.awaitCompleted(token);

        h.assertNeverRegressed();
        assertEquals(4, h.step("process").path("attempts").asInt(), h.last()::toString);
    }

    @Test
    void statusNeverMovesBackwardsAcrossManyConcurrentExecutions(ContractTarget target) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tokens.add(accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker())))));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<StatusHistory>> polls = new ArrayList<>();
            for (String token : tokens) {
                polls.add(pool.submit(() -> target.poller().awaitCompleted(token)));
            }
            for (Future<StatusHistory> f : polls) {
                f.get().assertNeverRegressed();
            }
        }
    }
}
