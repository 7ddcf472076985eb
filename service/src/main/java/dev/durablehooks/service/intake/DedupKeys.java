package dev.durablehooks.service.intake;

import java.util.List;
import java.util.function.Function;

/** Which header identifies a delivery: the first present of {@code webhook-id}, {@code X-GitHub-Delivery}, {@code Idempotency-Key}. */
public final class DedupKeys {
    private static final List<String> HEADERS = List.of("webhook-id", "X-GitHub-Delivery", "Idempotency-Key");

    private DedupKeys() {
    }

    /**
     * The key for {@code header} lookups, or null. Prefixed with its header's name so that two schemes' ids
     * never collide.
     */
    public static String of(Function<String, String> header) {
        for (String name : HEADERS) {
            String value = header.apply(name);
            if (value != null && !value.isBlank()) {
                return name.toLowerCase(java.util.Locale.ROOT) + ":" + value.strip();
            }
        }
        return null;
    }
}
