package dev.durablehooks.chaos.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrashEventTest {
    @Test
    void haltLineIsParsedIntoStepPhaseTokenAndAttempt() {
        CrashEvent halt = CrashEvent.parseHaltLine(
                "CHAOS halt step=process phase=after-side-effect token=AbCdEfGh12345678_- attempt=2", 42).orElseThrow();
        assertEquals(CrashEvent.Kind.HALT, halt.kind());
        assertEquals("process", halt.step());
        assertEquals("after-side-effect", halt.phase());
        assertEquals("AbCdEfGh12345678_-", halt.token());
        assertEquals(2, halt.attempt());
        assertEquals(42, halt.atMillis());
    }

    @Test
    void otherLinesAreNotHalts() {
        assertTrue(CrashEvent.parseHaltLine("CHAOS FAULTS ENABLED: process:after-checkpoint:0.3 seed=1", 0).isEmpty());
        assertTrue(CrashEvent.parseHaltLine("CHAOS halt step=process", 0).isEmpty());
    }
}
