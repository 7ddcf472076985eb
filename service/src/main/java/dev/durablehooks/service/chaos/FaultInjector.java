package dev.durablehooks.service.chaos;

import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Halts the process at chosen points of the processor's steps, with the probabilities of a {@link FaultSpec}.
 * Off (every call a no-op) unless a spec is given.
 */
public final class FaultInjector {
    /** What stops the process; the real one never returns. */
    @FunctionalInterface
    public interface Halt {
        void now();
    }

    private final FaultSpec spec;
    private final SplittableRandom random;
    private final PrintStream log;
    private final Halt halt;

    private FaultInjector(FaultSpec spec, PrintStream log, Halt halt) {
        this.spec = spec;
        this.random = spec == null ? null : new SplittableRandom(spec.seed());
        this.log = log;
        this.halt = halt;
    }

    public static FaultInjector off() {
        return new FaultInjector(null, System.err, () -> { });
    }

    /** Halts with {@code Runtime.halt(137)} when a rule fires. */
    public static FaultInjector of(Optional<FaultSpec> spec) {
        return spec.map(s -> of(s, System.err, () -> Runtime.getRuntime().halt(137))).orElseGet(FaultInjector::off);
    }

    public static FaultInjector of(FaultSpec spec, PrintStream log, Halt halt) {
        return new FaultInjector(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(log, "log"),
                Objects.requireNonNull(halt, "halt"));
    }

    public boolean enabled() {
        return spec != null;
    }

    /** Prints the start banner (stderr) when enabled. */
    public void announce() {
        if (spec != null) {
            log.println("CHAOS FAULTS ENABLED: " + spec.text() + " seed=" + spec.seed());
            log.flush();
        }
    }

    public void at(String step, FaultPhase phase, String token, int attempt) {
        if (spec == null) {
            return;
        }
        for (FaultSpec.Rule rule : spec.rules()) {
            if (rule.matches(step, phase) && draw() < rule.probability()) {
                log.println("CHAOS halt step=" + step + " phase=" + phase.label() + " token=" + token + " attempt=" + attempt);
                log.flush();
                halt.now();
                return;
            }
        }
    }

    private double draw() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
