package dev.durablehooks.chaos.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficPlanTest {
    @Test
    void mixContainsEveryClassTheDrillsNeed() {
        List<Send> sends = new TrafficPlan(7, true, true).sends(2000);
        assertEquals(2000, sends.size());
        assertTrue(sends.stream().anyMatch(Send::repeat), "later duplicates");
        assertTrue(sends.stream().anyMatch(s -> s.copies() == 2), "racing duplicates");
        assertTrue(sends.stream().anyMatch(s -> !s.delivery().keyed()), "unkeyed");
        assertTrue(sends.stream().anyMatch(s -> s.delivery().badSignature()), "bad signatures");
        assertTrue(sends.stream().anyMatch(s -> s.delivery().expectation().intakeStatus() == 400), "malformed");
        assertTrue(sends.stream().anyMatch(s -> s.delivery().expectation().outcome() == Expectation.Outcome.FAILED));
        for (SignatureScheme scheme : List.of(SignatureScheme.STANDARD, SignatureScheme.GITHUB, SignatureScheme.STRIPE)) {
            assertTrue(sends.stream().anyMatch(s -> s.delivery().scheme() == scheme), scheme.name());
        }
    }

    @Test
    void repeatsResendTheSameKeyAndBody() {
        for (Send send : new TrafficPlan(3, false, true).sends(500)) {
            if (send.repeat()) {
                assertTrue(send.delivery().keyed());
                assertTrue(send.delivery().expectation().accepted());
            }
        }
    }

    @Test
    void executionsAreKeyedAndAccepted() {
        List<Send> sends = new TrafficPlan(1, true, false).executions(300, 0.2);
        assertEquals(300, sends.size());
        assertTrue(sends.stream().allMatch(s -> s.delivery().keyed() && s.delivery().expectation().accepted()
                && s.copies() == 1));
        assertEquals(300, sends.stream().map(s -> s.delivery().dedupKey()).distinct().count());
    }
}
