package dev.durablehooks.service.forward;

import dev.durablehooks.durable.retry.RetryDecision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ForwardRetryStrategyTest {
    private final ForwardRetryStrategy strategy = new ForwardRetryStrategy(
            (error, attempt) -> attempt >= 3 ? RetryDecision.fail() : RetryDecision.retry(Duration.ofSeconds(2)));

    @Test
    void nonRetryableDownstreamAnswerIsNotRetried() {
        assertInstanceOf(RetryDecision.Fail.class, strategy.decide(ForwardFailedException.downstreamAnswered(404), 1));
    }

    @Test
    void retryAfterLongerThanTheBackoffWins() {
        RetryDecision d = strategy.decide(new ForwardRetryableException("503", Duration.ofSeconds(30)), 1);
        assertEquals(new RetryDecision.Retry(Duration.ofSeconds(30)), d);
    }

    @Test
    void backoffLongerThanRetryAfterWins() {
        RetryDecision d = strategy.decide(new ForwardRetryableException("503", Duration.ofSeconds(1)), 1);
        assertEquals(new RetryDecision.Retry(Duration.ofSeconds(2)), d);
    }

    @Test
    void attemptsStillRunOutWithRetryAfter() {
        assertInstanceOf(RetryDecision.Fail.class, strategy.decide(new ForwardRetryableException("429", Duration.ofSeconds(1)), 3));
    }

    @Test
    void retryAfterHeaderAcceptsOnlyDeltaSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), Forwarder.retryAfter(Optional.of(" 7 ")));
        assertEquals(Optional.empty(), Forwarder.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")));
        assertEquals(Optional.empty(), Forwarder.retryAfter(Optional.of("-3")));
        assertEquals(Optional.of(Duration.ofDays(1)), Forwarder.retryAfter(Optional.of("999999")), "capped at a day");
    }
}
