package dev.durablehooks.contract.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * Webhook payloads of the seed's business rules. Each carries a unique {@code data.marker} so that the downstream
 * stub can tell one test's forwards from another's.
 */
public final class Payloads {

    private Payloads() {
    }

    public static String newMarker() {
        return "m" + UUID.randomUUID().toString().replace("-", "");
    }

    public static ObjectNode order(String marker) {
        ObjectNode p = Json.object().put("type", "order").put("orderId", "ord-" + marker);
        p.putObject("data").put("amount", 100).put("marker", marker);
        return p;
    }

    public static ObjectNode payment(String marker) {
        ObjectNode p = Json.object().put("type", "payment").put("transactionId", "tx-" + marker);
        p.putObject("data").put("amount", 42).put("marker", marker);
        return p;
    }

    public static ObjectNode ofType(String type, String marker) {
        return switch (type) {
            case "order" -> order(marker);
            case "payment" -> payment(marker);
            default -> {
                ObjectNode p = Json.object().put("type", type);
                p.putObject("data").put("marker", marker);
                yield p;
            }
        };
    }

    public static Delivery delivery(ObjectNode payload) {
        return Delivery.json(Json.write(payload));
    }
}
