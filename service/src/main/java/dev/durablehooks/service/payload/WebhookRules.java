package dev.durablehooks.service.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The seed pattern's business rules for the validate and process steps, kept to the letter (messages, order, and the
 * JavaScript semantics they were written in), except that a JSON array is not accepted as a payload object.
 */
public final class WebhookRules {

    static final String NOT_AN_OBJECT = "Payload is required and must be an object";
    static final String MISSING_TYPE = "Payload must include a \"type\" field";
    static final String INVALID_TYPE = "Invalid webhook type. Must be one of: order, payment, user, system";
    static final String ORDER_WITHOUT_ORDER_ID = "Order webhooks must include orderId";
    static final String PAYMENT_WITHOUT_TRANSACTION_ID = "Payment webhooks must include transactionId";

    static final String PROCESSED_BY = "webhook-processor-java";

    private static final Set<String> TYPES = Set.of("order", "payment", "user", "system");

    /** JavaScript's Date.prototype.toISOString: always milliseconds, always Z. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private WebhookRules() {
    }

    /**
     * The validate step's verdict: empty when the payload passes, else the seed's error text,
     * {@code "Validation failed: "} followed by the broken rules joined with {@code ", "}.
     *
     * <p>The seed tests fields with JavaScript truthiness ({@code !payload.type}, {@code !payload.orderId}), so a field
     * that is absent, {@code null}, {@code ""}, {@code false} or {@code 0} counts as missing, and is reported as
     * missing rather than as an invalid type. Only the exact strings order, payment, user and system are valid types
     * (the seed uses {@code includes}, a strict comparison, so {@code "Order"} is invalid).
     *
     * <p>Rules 2 to 5 exclude one another (a type is either falsy, or truthy and unknown, or one of the known ones),
     * so today at most one message is ever reported; the join is kept so that added rules compose as in the seed.
     */
    public static Optional<String> validationFailure(JsonNode payload) {
        List<String> errors = new ArrayList<>();
        // The seed's `typeof payload !== 'object'` lets arrays through; this service refuses them on purpose.
        if (payload == null || !payload.isObject()) {
            errors.add(NOT_AN_OBJECT);
        } else {
            JsonNode type = payload.get("type");
            if (!JavaScriptJson.truthy(type)) {
                errors.add(MISSING_TYPE);
            }
            if (JavaScriptJson.truthy(type) && !isKnownType(type)) {
                errors.add(INVALID_TYPE);
            }
            if (isType(type, "order") && !JavaScriptJson.truthy(payload.get("orderId"))) {
                errors.add(ORDER_WITHOUT_ORDER_ID);
            }
            if (isType(type, "payment") && !JavaScriptJson.truthy(payload.get("transactionId"))) {
                errors.add(PAYMENT_WITHOUT_TRANSACTION_ID);
            }
        }
        return errors.isEmpty() ? Optional.empty() : Optional.of("Validation failed: " + String.join(", ", errors));
    }

    /**
     * The process step's result object, fields in the seed's order. {@code dataTransformed} is the seed's
     * {@code data ? JSON.stringify(data).toUpperCase() : null}.
     */
    public static ObjectNode processResult(ObjectMapper m, String token, JsonNode payload, Instant processedAt,
            String version) {
        Objects.requireNonNull(m, "mapper");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(processedAt, "processedAt");
        Objects.requireNonNull(version, "version");
        JsonNode original = payload == null ? m.nullNode() : payload.deepCopy();
        JsonNode type = original.get("type");
        JsonNode data = original.get("data");

        ObjectNode result = m.createObjectNode();
        result.put("executionToken", token);
        result.put("status", "processed");
        result.set("originalPayload", original);
        result.put("businessResult", "Processed webhook of type: "
                + (JavaScriptJson.truthy(type) ? JavaScriptJson.templateText(type) : "unknown"));
        if (JavaScriptJson.truthy(data)) {
            result.put("dataTransformed", JavaScriptJson.stringify(data).toUpperCase(Locale.ROOT));
        } else {
            result.putNull("dataTransformed");
        }
        result.put("processedAt", ISO_MILLIS.format(processedAt.truncatedTo(ChronoUnit.MILLIS)));
        ObjectNode metadata = result.putObject("metadata");
        metadata.put("processedBy", PROCESSED_BY);
        metadata.put("version", version);
        return result;
    }

    private static boolean isKnownType(JsonNode type) {
        return type.isTextual() && TYPES.contains(type.textValue());
    }

    private static boolean isType(JsonNode type, String expected) {
        return type != null && type.isTextual() && type.textValue().equals(expected);
    }
}
