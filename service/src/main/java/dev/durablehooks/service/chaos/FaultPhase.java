package dev.durablehooks.service.chaos;

import java.util.Arrays;
import java.util.Optional;

/** Where in a step a fault may halt the process. */
public enum FaultPhase {
    /** Inside the step, before its work (status write, forward). */
    BEFORE_SIDE_EFFECT("before-side-effect"),
    /** Inside the step after its work, before the step returns (so before its checkpoint). */
    AFTER_SIDE_EFFECT("after-side-effect"),
    /** Right after the step returned: its checkpoint was acknowledged. */
    AFTER_CHECKPOINT("after-checkpoint");

    private final String label;

    FaultPhase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static Optional<FaultPhase> fromLabel(String label) {
        return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
    }
}
