package dev.durablehooks.chaos.traffic;

import java.util.Objects;

/** One 202 the drill received: the delivery, its dedup key (null when it carried none), and the token answered. */
public record Acceptance(String deliveryId, String dedupKey, String token, Expectation expectation, long ackAtMillis,
                         boolean markedDuplicate) {
    public Acceptance {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expectation, "expectation");
    }
}
