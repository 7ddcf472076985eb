package dev.durablehooks.load.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepLevelsTest {

    private static final StepLevels.Limits LIMITS = new StepLevels.Limits(50, 1, 0.9);
    private static final Duration GRACE = Duration.ofMillis(500);

    /** Sends {@code rate} requests per second for each level, all answered with the given latency. */
    private static StepLevels run(long... latencyPerLevel) {
        StepLevels levels = new StepLevels(10, 10, latencyPerLevel.length, Duration.ofSeconds(1), LIMITS);
        long t = 0;
        for (int level = 0; level < latencyPerLevel.length; level++) {
            int requests = (int) levels.offeredRate(level);
            for (int i = 0; i < requests; i++) {
                long sentAt = level * 1000L + i * (1000L / requests);
                assertEquals(level, levels.send(sentAt));
                levels.answered(level, latencyPerLevel[level], true);
            }
        }
        return levels;
    }

    @Test
    void theKneeIsTheLastLevelBeforeTheFirstBreach() {
        List<StepLevels.Level> evaluated = run(2, 3, 80, 2).evaluateAll();
        assertTrue(evaluated.get(0).passes());
        assertFalse(evaluated.get(2).passes());
        assertEquals(20, StepLevels.knee(evaluated).orElseThrow().offeredRate());
    }

    @Test
    void unansweredRequestsCountAsErrorsAndAsInfinitelySlow() {
        StepLevels levels = new StepLevels(100, 100, 1, Duration.ofSeconds(1), LIMITS);
        for (int i = 0; i < 100; i++) {
            levels.send(i * 10L);
            if (i < 95) {
                levels.answered(0, 1, true);
            }
        }
        StepLevels.Level level = levels.evaluate(0);
        assertEquals(Long.MAX_VALUE, level.p99Ms());
        assertEquals(5.0, level.errorPercent(), 1e-9);
        assertFalse(level.passes());
    }

    @Test
    void aLevelTheGeneratorCouldNotSendDoesNotCountAsSustained() {
        StepLevels levels = new StepLevels(100, 100, 1, Duration.ofSeconds(1), LIMITS);
        for (int i = 0; i < 50; i++) {
            levels.send(i * 20L);
            levels.answered(0, 1, true);
        }
        assertTrue(levels.evaluate(0).verdict().contains("load generator"));
    }

    @Test
    void aBreachIsSignalledOnceTheLevelIsOverAndItsGracePassed() {
        StepLevels levels = run(80, 1);
        assertFalse(levels.breachedBefore(1_200, GRACE));
        assertTrue(levels.breachedBefore(1_600, GRACE));
        assertFalse(levels.breachedBefore(1_700, GRACE), "each level is judged once");
    }

    @Test
    void noKneeWhenTheFirstLevelAlreadyBreaches() {
        assertTrue(StepLevels.knee(run(80).evaluateAll()).isEmpty());
    }
}
