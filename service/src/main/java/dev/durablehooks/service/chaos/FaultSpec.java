package dev.durablehooks.service.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed {@code CHAOS_FAULTS} value: rules {@code <step>:<phase>:<probability>} and the seed of the one random
 * source that decides them.
 */
public record FaultSpec(String text, List<Rule> rules, long seed) {
    private static final Set<String> STEPS = Set.of("validate", "process", "finalize", "*");

    public FaultSpec {
        Objects.requireNonNull(text, "text");
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no fault rules");
        }
    }

    /** @param step a step name or {@code *} for every step */
    public record Rule(String step, FaultPhase phase, double probability) {
        public Rule {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(phase, "phase");
            if (!(probability >= 0.0 && probability <= 1.0)) {
                throw new IllegalArgumentException("probability must be within 0..1, was " + probability);
            }
        }

        boolean matches(String stepName, FaultPhase at) {
            return phase == at && (step.equals("*") || step.equals(stepName));
        }
    }

    /** @throws IllegalArgumentException naming the faulty entry */
    public static FaultSpec parse(String text, long seed) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            String[] parts = trimmed.split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("entry '" + trimmed + "' is not <step>:<phase>:<probability>");
            }
            if (!STEPS.contains(parts[0])) {
                throw new IllegalArgumentException("entry '" + trimmed + "': step must be one of validate, process, finalize, *");
            }
            FaultPhase phase = FaultPhase.fromLabel(parts[1]).orElseThrow(() -> new IllegalArgumentException("entry '"
                    + trimmed + "': phase must be one of before-side-effect, after-side-effect, after-checkpoint"));
            double probability;
            try {
                probability = Double.parseDouble(parts[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("entry '" + trimmed + "': probability is not a number");
            }
            if (!(probability >= 0.0 && probability <= 1.0)) {
                throw new IllegalArgumentException("entry '" + trimmed + "': probability must be within 0..1");
            }
            rules.add(new Rule(parts[0], phase, probability));
        }
        return new FaultSpec(text.trim(), rules, seed);
    }
}
