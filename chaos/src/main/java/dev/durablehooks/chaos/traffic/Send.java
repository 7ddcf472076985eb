package dev.durablehooks.chaos.traffic;

import java.util.Objects;

/**
 * One entry of a traffic plan: send this delivery, once or {@code copies} times at the same moment (racing
 * duplicates). {@code repeat} marks a later resend of a delivery that was already sent.
 */
public record Send(Delivery delivery, int copies, boolean repeat) {
    public Send {
        Objects.requireNonNull(delivery, "delivery");
        if (copies < 1) {
            throw new IllegalArgumentException("copies < 1");
        }
    }
}
