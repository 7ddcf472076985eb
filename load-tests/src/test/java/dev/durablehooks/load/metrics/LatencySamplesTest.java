package dev.durablehooks.load.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {

    @Test
    void percentilesUseTheNearestRank() {
        LatencySamples samples = new LatencySamples();
        for (long value = 100; value >= 1; value--) {
            samples.add(value);
        }
        LatencySamples.Summary summary = samples.summary();
        assertEquals(100, summary.count());
        assertEquals(1, summary.min());
        assertEquals(50, summary.p50());
        assertEquals(95, summary.p95());
        assertEquals(99, summary.p99());
        assertEquals(100, summary.max());
        assertEquals(50.5, summary.mean(), 1e-9);
    }

    @Test
    void aSingleSlowValueAmongFewIsThePercentile() {
        assertEquals(500, LatencySamples.summarise(new long[] {1, 1, 1, 500}).p99());
    }

    @Test
    void noSamplesGiveAnEmptySummary() {
        assertEquals(LatencySamples.Summary.EMPTY, new LatencySamples().summary());
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LatencySamples().add(-1));
    }
}
