package dev.durablehooks.chaos.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible list of sends mixing the payload classes a drill needs: valid webhooks of every type, the
 * four business-invalid ones (accepted, then FAILED by validate), unkeyed ones, later and racing duplicates, and when
 * {@code signed}: every signature scheme plus a few wrong signatures (401). Malformed JSON (400) is included when
 * {@code badInput} is set.
 */
public final class TrafficPlan {
    private static final String[] TYPES = {"order", "payment", "user", "system"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SplittableRandom random;
    private final boolean signed;
    private final boolean badInput;
    private final String runId;
    private final List<Delivery> resendable = new ArrayList<>();
    private int counter;

    public TrafficPlan(long seed, boolean signed, boolean badInput) {
        this.random = new SplittableRandom(seed);
        this.signed = signed;
        this.badInput = badInput;
        this.runId = Long.toString(seed & 0xffffffL, 36) + Long.toString(System.nanoTime() & 0xfffffL, 36);
    }

    /** {@code count} sends; about 10% of them repeat an earlier delivery. */
    public List<Send> sends(int count) {
        List<Send> sends = new ArrayList<>(count);
        while (sends.size() < count) {
            double r = random.nextDouble();
            if (r < 0.60) {
                sends.add(first(valid(scheme(), true)));
            } else if (r < 0.70) {
                sends.add(first(invalid(scheme())));
            } else if (r < 0.75) {
                sends.add(first(valid(signed ? unkeyedScheme() : SignatureScheme.NONE, false)));
            } else if (r < 0.85 && !resendable.isEmpty()) {
                sends.add(new Send(resendable.get(random.nextInt(resendable.size())), 1, true));
            } else if (r < 0.90) {
                sends.add(new Send(remember(valid(scheme(), true)), 2, false));
            } else if (r < 0.95 && badInput) {
                sends.add(first(malformed(scheme())));
            } else if (signed && badInput) {
                sends.add(first(badSignature(scheme())));
            } else {
                sends.add(first(valid(scheme(), true)));
            }
        }
        return sends;
    }

    /**
     * Only keyed valid and business-invalid deliveries (share {@code invalidShare}), each sent once: for drills that
     * count executions exactly.
     */
    public List<Send> executions(int count, double invalidShare) {
        List<Send> sends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sends.add(first(random.nextDouble() >= invalidShare ? valid(scheme(), true) : invalid(scheme())));
        }
        return sends;
    }

    private Send first(Delivery delivery) {
        return new Send(remember(delivery), 1, false);
    }

    private Delivery remember(Delivery delivery) {
        if (delivery.keyed() && delivery.expectation().accepted()) {
            resendable.add(delivery);
        }
        return delivery;
    }

    private SignatureScheme scheme() {
        SignatureScheme[] keyedSchemes = signed
                ? new SignatureScheme[] {SignatureScheme.STANDARD, SignatureScheme.GITHUB, SignatureScheme.STRIPE}
                : new SignatureScheme[] {SignatureScheme.STANDARD, SignatureScheme.GITHUB, SignatureScheme.NONE};
        return keyedSchemes[random.nextInt(keyedSchemes.length)];
    }

    private SignatureScheme unkeyedScheme() {
        return random.nextBoolean() ? SignatureScheme.GITHUB : SignatureScheme.STRIPE;
    }

    private String nextId() {
        return runId + "-" + (++counter);
    }

    private Delivery valid(SignatureScheme scheme, boolean keyed) {
        String id = nextId();
        String type = TYPES[random.nextInt(TYPES.length)];
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", type);
        switch (type) {
            case "order" -> payload.put("orderId", "ord-" + id);
            case "payment" -> payload.put("transactionId", "txn-" + id);
            default -> payload.put("ref", "ref-" + id);
        }
        if (random.nextInt(4) != 0) {
            ObjectNode data = payload.putObject("data");
            data.put("amount", random.nextInt(1, 10_000));
            data.put("note", "chaos drill " + id);
        }
        return new Delivery("d-" + id, write(payload), payload, scheme, keyed || scheme == SignatureScheme.STANDARD
                ? "key-" + id : null, false, Expectation.completed(type, payload));
    }

    private Delivery invalid(SignatureScheme scheme) {
        String id = nextId();
        ObjectNode payload = JSON.createObjectNode();
        String message;
        switch (random.nextInt(4)) {
            case 0 -> {
                payload.put("note", "no type " + id);
                message = "Payload must include a \"type\" field";
            }
            case 1 -> {
                payload.put("type", "refund");
                payload.put("ref", id);
                message = "Invalid webhook type. Must be one of: order, payment, user, system";
            }
            case 2 -> {
                payload.put("type", "order");
                payload.put("ref", id);
                message = "Order webhooks must include orderId";
            }
            default -> {
                payload.put("type", "payment");
                payload.put("ref", id);
                message = "Payment webhooks must include transactionId";
            }
        }
        return new Delivery("d-" + id, write(payload), payload, scheme, "key-" + id, false,
                Expectation.failedValidation(message, payload));
    }

    private Delivery malformed(SignatureScheme scheme) {
        String id = nextId();
        return new Delivery("d-" + id, "{\"type\": \"order\", \"orderId\": \"" + id + "\"", null, scheme, "key-" + id,
                false, Expectation.rejected(400));
    }

    private Delivery badSignature(SignatureScheme scheme) {
        Delivery valid = valid(scheme, true);
        return new Delivery(valid.id(), valid.body(), valid.payload(), scheme, valid.dedupKey(), true,
                Expectation.rejected(401));
    }

    private static String write(ObjectNode payload) {
        try {
            return JSON.writeValueAsString(Objects.requireNonNull(payload));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
