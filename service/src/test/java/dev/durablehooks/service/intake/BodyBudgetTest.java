package dev.durablehooks.service.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyBudgetTest {
    private static final Duration NO_WAIT = Duration.ZERO;

    @Test
    void bodiesAreTakenWhileTheyFitTogether() {
        BodyBudget budget = new BodyBudget(1000);
        assertTrue(budget.tryReserve(600, NO_WAIT).isPresent());
        assertTrue(budget.tryReserve(400, NO_WAIT).isPresent());
        assertEquals(1000, budget.inUse());
        assertTrue(budget.tryReserve(1, NO_WAIT).isEmpty());
    }

    @Test
    void closingAReservationGivesItsRoomBackOnce() {
        BodyBudget budget = new BodyBudget(1000);
        BodyBudget.Reservation first = budget.tryReserve(700, NO_WAIT).orElseThrow();
        first.close();
        first.close();
        assertEquals(0, budget.inUse());
        assertTrue(budget.tryReserve(1000, NO_WAIT).isPresent(), "a second close did not free more than was held");
        assertTrue(budget.tryReserve(1, NO_WAIT).isEmpty());
    }

    @Test
    void aBodyLargerThanTheBudgetTakesAllOfIt() {
        BodyBudget budget = new BodyBudget(1000);
        Optional<BodyBudget.Reservation> huge = budget.tryReserve(5000, NO_WAIT);
        assertTrue(huge.isPresent());
        assertEquals(1000, budget.inUse());
        huge.get().close();
        assertEquals(0, budget.inUse());
    }

    @Test
    void aWaitingBodyIsTakenWhenRoomIsGivenBackWithinItsWait() throws Exception {
        BodyBudget budget = new BodyBudget(1000);
        BodyBudget.Reservation held = budget.tryReserve(1000, NO_WAIT).orElseThrow();
        Thread releaser = Thread.startVirtualThread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        assertTrue(budget.tryReserve(500, Duration.ofSeconds(10)).isPresent());
        releaser.join();
    }

    @Test
    void aBudgetMustHoldAtLeastOneByte() {
        assertThrows(IllegalArgumentException.class, () -> new BodyBudget(0));
    }
}
