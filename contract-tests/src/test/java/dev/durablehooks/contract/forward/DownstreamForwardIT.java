package dev.durablehooks.contract.forward;

import static dev.durablehooks.contract.support.Checks.accepted;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Downstream;
import dev.durablehooks.contract.support.Json;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.StatusHistory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process step's forward to FORWARD_URL (extension), against WireMock: 2xx succeeds, 408/429/5xx and timeouts
 * are retried, other 4xx fail the execution naming the status; every forward carries the token as Idempotency-Key.
 */
@ContractTest
class DownstreamForwardIT {

    private record Run(String marker, ObjectNode payload, StatusHistory history, List<LoggedRequest> forwards) {
    }

    /** Delivers an order tagged with a fresh marker, scripted first by {@code script}, and waits for its end. */
    private static Run run(ContractTarget target, java.util.function.BiConsumer<Downstream, String> script) {
        Downstream downstream = target.downstream();
        String marker = Payloads.newMarker();
        script.accept(downstream, marker);
        ObjectNode payload = Payloads.order(marker);
        String token = accepted(target.api().deliverSigned(Payloads.delivery(payload)));
        StatusHistory h = target.poller().awaitTerminal(token);
        return new Run(marker, payload, h, downstream.forwardsFor(marker));
    }

    @Test
    void processStepForwardsTheOriginalPayloadAsJson(ContractTarget target) {
        Run r = run(target, (d, m) -> { });

        assertEquals("COMPLETED", r.history().finalStatus());
        assertEquals(1, r.forwards().size());
        LoggedRequest forward = r.forwards().getFirst();
        assertTrue(forward.getHeader("Content-Type").startsWith("application/json"), forward::toString);
        assertEquals(r.payload(), Json.parse(forward.getBodyAsString()));
    }

    @Test
    void forwardCarriesTheExecutionTokenAsIdempotencyKey(ContractTarget target) {
        Run r = run(target, (d, m) -> { });

        assertEquals(r.history().token(), r.forwards().getFirst().getHeader("Idempotency-Key"));
    }

    @Test
    void forwardNamesItsStepAndAttempt(ContractTarget target) {
        Run r = run(target, (d, m) -> { });

        LoggedRequest forward = r.forwards().getFirst();
        assertEquals("process", forward.getHeader("X-Webhook-Step"));
        assertEquals("1", forward.getHeader("X-Webhook-Attempt"));
    }

    @Test
    void downstream503TwiceThen200IsRetriedUntilCompleted(ContractTarget target) {
        Run r = run(target, (d, m) -> d.answerInSequence(m,
                List.of(Downstream.status(503), Downstream.status(503), Downstream.status(200))));

        assertEquals("COMPLETED", r.history().finalStatus(), r.history().last()::toString);
        assertEquals(3, r.forwards().size(), "two failed attempts and the successful one");
        assertEquals(3, r.history().step("process").path("attempts").asInt(),
                () -> "the attempts are visible in steps: " + r.history().step("process"));
        assertEquals("SUCCEEDED", r.history().step("process").path("status").asText());
    }

    @Test
    void everyRetriedForwardCarriesTheSameIdempotencyKeyAndItsAttemptNumber(ContractTarget target) {
        Run r = run(target, (d, m) -> d.answerInSequence(m,
                List.of(Downstream.status(503), Downstream.status(503), Downstream.status(200))));

        assertEquals(3, r.forwards().size());
        assertAll(java.util.stream.IntStream.range(0, 3).mapToObj(i -> () -> {
            LoggedRequest f = r.forwards().get(i);
            assertEquals(r.history().token(), f.getHeader("Idempotency-Key"), "attempt " + (i + 1));
            assertEquals(Integer.toString(i + 1), f.getHeader("X-Webhook-Attempt"), "attempt " + (i + 1));
        }));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 504})
    void transientDownstreamAnswersAreRetried(int status, ContractTarget target) {
        Run r = run(target, (d, m) -> d.answerInSequence(m,
                List.of(Downstream.status(status), Downstream.status(200))));

        assertEquals("COMPLETED", r.history().finalStatus(), r.history().last()::toString);
        assertEquals(2, r.forwards().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void permanentDownstreamRejectionFailsTheExecutionNamingTheStatus(int status, ContractTarget target) {
        Run r = run(target, (d, m) -> d.answer(m, Downstream.status(status)));

        assertEquals("FAILED", r.history().finalStatus());
        assertEquals("Forward failed: downstream answered " + status, r.history().last().path("error").asText());
        assertEquals("process", r.history().last().path("currentStep").asText());
        assertEquals(1, r.forwards().size(), "a permanent rejection is not retried");
    }

    @Test
    void slowDownstreamTimesOutAndIsRetried(ContractTarget target) {
        int tooSlow = ContractTarget.FORWARD_TIMEOUT_MS * 3;
        Run r = run(target, (d, m) -> d.answerInSequence(m,
                List.of(Downstream.status(200).withFixedDelay(tooSlow), Downstream.status(200))));

        assertEquals("COMPLETED", r.history().finalStatus(), r.history().last()::toString);
        assertTrue(r.forwards().size() >= 2, () -> "timed-out attempt then a retry: " + r.forwards().size());
        assertTrue(r.history().step("process").path("attempts").asInt() >= 2, r.history().last()::toString);
    }

    @Test
    void aForwardWaitingForItsRetryShowsAsPendingWithTheLastErrorInSteps(ContractTarget target) {
        Downstream downstream = target.downstream();
        String marker = Payloads.newMarker();
        downstream.answerInSequence(marker,
                List.of(Downstream.status(503).withHeader("Retry-After", "3"), Downstream.status(200)));
        String token = accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(marker))));

        StatusHistory waiting = target.poller().awaitUntil(token, body -> {
            for (var step : body.path("steps")) {
                if ("process".equals(step.path("name").asText()) && "PENDING".equals(step.path("status").asText())) {
                    return true;
                }
            }
            return StatusHistory.isTerminal(body.path("status").asText());
        }, "a PENDING process step");

        var process = waiting.step("process");
        assertEquals("PENDING", process.path("status").asText(), waiting.last()::toString);
        assertEquals("PROCESSING", waiting.finalStatus());
        assertEquals(1, process.path("attempts").asInt(), process::toString);
        assertTrue(process.path("error").asText("").contains("503"), () -> "the last error is shown: " + process);
        target.poller().awaitCompleted(token);
    }

    @Test
    void retryAfterFromTheDownstreamIsHonouredAsTheMinimumDelay(ContractTarget target) {
        Run r = run(target, (d, m) -> d.answerInSequence(m,
                List.of(Downstream.status(503).withHeader("Retry-After", "3"), Downstream.status(200))));

        assertEquals("COMPLETED", r.history().finalStatus());
        assertEquals(2, r.forwards().size());
        long gapMillis = r.forwards().get(1).getLoggedDate().getTime() - r.forwards().get(0).getLoggedDate().getTime();
        // A lower bound only: a slow machine makes the gap longer, never shorter.
        assertTrue(gapMillis >= 2_950, () -> "second attempt came " + gapMillis + " ms after the first");
    }
}
