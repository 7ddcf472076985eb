package dev.durablehooks.load.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Valid webhook payloads in a weighted mix of the four business types, each with the field its type requires, a
 * small {@code data} object and an optional filler so that a run can use realistic body sizes.
 *
 * @param weights    relative weight per type, e.g. {@code order=40,payment=30,user=20,system=10}
 * @param dataBytes  length of the filler string inside {@code data} (0 = none)
 */
public record PayloadMix(List<Weighted> weights, int dataBytes) {

    private static final Set<String> TYPES = Set.of("order", "payment", "user", "system");

    public record Weighted(String type, double weight) {
        public Weighted {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("Unknown webhook type '" + type + "'; expected one of " + TYPES);
            }
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("Weight of '" + type + "' must be >= 0");
            }
        }
    }

    public PayloadMix {
        weights = List.copyOf(weights);
        if (weights.stream().mapToDouble(Weighted::weight).sum() <= 0) {
            throw new IllegalArgumentException("The payload mix needs at least one type with a weight > 0");
        }
        if (dataBytes < 0) {
            throw new IllegalArgumentException("dataBytes must be >= 0");
        }
    }

    /** Parses {@code type=weight,type=weight}. */
    public static PayloadMix parse(String spec, int dataBytes) {
        List<Weighted> weights = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split("=");
            if (parts.length != 2) {
                throw new IllegalArgumentException("Payload mix entry '" + entry + "' is not type=weight");
            }
            try {
                weights.add(new Weighted(parts[0].trim().toLowerCase(Locale.ROOT), Double.parseDouble(parts[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Payload mix entry '" + entry + "' has no numeric weight", e);
            }
        }
        return new PayloadMix(weights, dataBytes);
    }

    /** A valid payload (passes the validate step); {@code id} makes it unique. */
    public String validPayload(RandomGenerator random, String id) {
        String type = pickType(random);
        String required = switch (type) {
            case "order" -> "\"orderId\":\"" + id + "\",";
            case "payment" -> "\"transactionId\":\"" + id + "\",";
            default -> "";
        };
        String filler = dataBytes == 0 ? "" : ",\"note\":\"" + "x".repeat(dataBytes) + "\"";
        return "{\"type\":\"" + type + "\"," + required + "\"eventId\":\"" + id + "\",\"data\":{\"amount\":"
                + random.nextInt(1, 100_000) + ",\"currency\":\"eur\"" + filler + "}}";
    }

    /** Not well-formed JSON: the service must answer 400 and store nothing. */
    public static String malformedPayload(String id) {
        return "{\"type\":\"order\",\"orderId\":\"" + id + "\",\"data\":{\"amount\":12";
    }

    private String pickType(RandomGenerator random) {
        double total = weights.stream().mapToDouble(Weighted::weight).sum();
        double point = random.nextDouble(total);
        for (Weighted weighted : weights) {
            point -= weighted.weight();
            if (point < 0) {
                return weighted.type();
            }
        }
        return weights.getLast().type();
    }
}
