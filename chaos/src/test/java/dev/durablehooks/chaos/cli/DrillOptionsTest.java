package dev.durablehooks.chaos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DrillOptionsTest {
    @Test
    void defaultsApplyWhenNothingIsGiven() throws UsageException {
        DrillOptions o = DrillOptions.parse(DrillName.KILL_LOOP, List.of()).orElseThrow();
        assertEquals(1000, o.executions());
        assertEquals(5, o.kills());
        assertTrue(o.secret().isPresent());
    }

    @Test
    void valuesAreReadInBothSpellings() throws UsageException {
        DrillOptions o = DrillOptions.parse(DrillName.KILL_LOOP,
                List.of("--executions", "300", "--kills=3", "--seed", "9", "--secret", "none")).orElseThrow();
        assertEquals(300, o.executions());
        assertEquals(3, o.kills());
        assertEquals(9, o.seed());
        assertTrue(o.secret().isEmpty());
    }

    @Test
    void helpIsAnsweredWithEmpty() throws UsageException {
        assertTrue(DrillOptions.parse(DrillName.STEP_FAULTS, List.of("--help")).isEmpty());
    }

    @Test
    void nonNumericRateIsRefusedNamingTheOption() {
        UsageException e = assertThrows(UsageException.class,
                () -> DrillOptions.parse(DrillName.KILL_LOOP, List.of("--rate", "fast")));
        assertTrue(e.getMessage().contains("--rate"), e.getMessage());
    }

    @Test
    void optionOfAnotherDrillIsRefused() {
        assertThrows(UsageException.class, () -> DrillOptions.parse(DrillName.KILL_LOOP, List.of("--probability", "0.5")));
    }

    @Test
    void unknownOptionAndMissingValueAreRefused() {
        assertThrows(UsageException.class, () -> DrillOptions.parse(DrillName.KILL_LOOP, List.of("--bogus")));
        assertThrows(UsageException.class, () -> DrillOptions.parse(DrillName.KILL_LOOP, List.of("--executions")));
    }

    @Test
    void remoteNeedsAnHttpBaseUrl() {
        assertThrows(UsageException.class, () -> DrillOptions.parse(DrillName.REMOTE, List.of()));
        assertThrows(UsageException.class, () -> DrillOptions.parse(DrillName.REMOTE, List.of("--base-url", "ftp://x")));
    }

    @Test
    void unknownStepOrPhaseIsRefused() {
        assertThrows(UsageException.class, () -> DrillOptions.parse(DrillName.STEP_FAULTS, List.of("--steps", "deploy")));
        assertThrows(UsageException.class, () -> DrillOptions.parse(DrillName.STEP_FAULTS, List.of("--phases", "during")));
    }
}
