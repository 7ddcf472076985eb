package dev.durablehooks.service.chaos;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultInjectorTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> halts = new ArrayList<>();

    private FaultInjector injector(String spec, long seed) {
        return FaultInjector.of(FaultSpec.parse(spec, seed), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> halts.add("halt"));
    }

    @Test
    void certainFaultHaltsAfterPrintingTheLine() {
        FaultInjector f = injector("process:after-side-effect:1", 1);
        f.at("process", FaultPhase.AFTER_SIDE_EFFECT, "tok", 2);
        assertEquals(1, halts.size());
        assertEquals("CHAOS halt step=process phase=after-side-effect token=tok attempt=2",
                err.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void otherStepsAndPhasesAreNotTouched() {
        FaultInjector f = injector("process:after-side-effect:1", 1);
        f.at("validate", FaultPhase.AFTER_SIDE_EFFECT, "tok", 1);
        f.at("process", FaultPhase.BEFORE_SIDE_EFFECT, "tok", 1);
        assertTrue(halts.isEmpty());
    }

    @Test
    void wildcardMatchesEveryStep() {
        FaultInjector f = injector("*:after-checkpoint:1", 1);
        f.at("finalize", FaultPhase.AFTER_CHECKPOINT, "tok", 1);
        assertEquals(1, halts.size());
    }

    @Test
    void zeroProbabilityNeverHalts() {
        FaultInjector f = injector("*:before-side-effect:0", 1);
        for (int i = 0; i < 1000; i++) {
            f.at("validate", FaultPhase.BEFORE_SIDE_EFFECT, "tok", 1);
        }
        assertTrue(halts.isEmpty());
    }

    @Test
    void theSameSeedGivesTheSameDecisions() {
        assertEquals(decisions(99), decisions(99));
        assertFalse(decisions(99).equals(decisions(100)));
    }

    private List<Boolean> decisions(long seed) {
        List<Boolean> out = new ArrayList<>();
        List<String> local = new ArrayList<>();
        FaultInjector f = FaultInjector.of(FaultSpec.parse("*:before-side-effect:0.5", seed),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), () -> local.add("x"));
        for (int i = 0; i < 64; i++) {
            int before = local.size();
            f.at("validate", FaultPhase.BEFORE_SIDE_EFFECT, "t", 1);
            out.add(local.size() > before);
        }
        return out;
    }

    @Test
    void announcesItselfWithSpecAndSeed() {
        injector("*:before-side-effect:0.25", 5).announce();
        assertEquals("CHAOS FAULTS ENABLED: *:before-side-effect:0.25 seed=5", err.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void offInjectorDoesNothing() {
        FaultInjector off = FaultInjector.off();
        assertFalse(off.enabled());
        off.at("process", FaultPhase.AFTER_SIDE_EFFECT, "t", 1);
    }
}
