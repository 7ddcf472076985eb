package dev.durablehooks.chaos.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every status answer per token, in arrival order; which tokens are still worth polling. */
public final class ObservationLog {
    private final Map<String, List<StatusObservation>> byToken = new ConcurrentHashMap<>();
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> terminalSeenAt = new ConcurrentHashMap<>();

    /** Starts watching a token (idempotent). */
    public void watch(String token) {
        if (byToken.putIfAbsent(token, new ArrayList<>()) == null) {
            open.add(token);
        }
    }

    public void record(String token, StatusObservation observation) {
        List<StatusObservation> list = byToken.computeIfAbsent(token, t -> new ArrayList<>());
        synchronized (list) {
            list.add(observation);
        }
        if (observation.terminal()) {
            open.remove(token);
            terminalSeenAt.putIfAbsent(token, observation.atMillis());
        }
    }

    public List<String> openTokens() {
        return List.copyOf(open);
    }

    public List<String> allTokens() {
        return List.copyOf(byToken.keySet());
    }

    public int watchedCount() {
        return byToken.size();
    }

    public int terminalCount() {
        return terminalSeenAt.size();
    }

    public Map<String, Long> terminalSeenAt() {
        return Map.copyOf(terminalSeenAt);
    }

    public Map<String, List<StatusObservation>> snapshot() {
        Map<String, List<StatusObservation>> copy = new LinkedHashMap<>();
        byToken.forEach((token, list) -> {
            synchronized (list) {
                copy.put(token, List.copyOf(list));
            }
        });
        return copy;
    }
}
