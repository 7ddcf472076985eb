package dev.durablehooks.durable.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.durable.exception.InvalidEnvelopeException;
import dev.durablehooks.durable.execution.InvocationInput;
import dev.durablehooks.durable.execution.InvocationOutput;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * The durable-execution wire JSON (invocation envelope, handler output, operations): UpperCamelCase keys, enums by
 * name, unknown keys ignored. Kept apart from {@link Json}, which is for user data.
 *
 * <p>Timestamps are read leniently (epoch milliseconds, or ISO-8601 with a space or {@code T}, any fraction,
 * {@code Z} or a numeric offset) and written as ISO-8601 UTC.
 */
public final class EnvelopeJson {
    private static final ObjectMapper WIRE = newWireMapper();

    private EnvelopeJson() {
    }

    /** A new mapper with the wire configuration (for components that embed wire objects in their own JSON). */
    public static ObjectMapper newWireMapper() {
        SimpleModule timestamps = new SimpleModule("durable-wire-timestamps")
                .addSerializer(Instant.class, new InstantSerializer())
                .addDeserializer(Instant.class, new LenientInstantDeserializer());
        return JsonMapper.builder(Json.newFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .addModule(timestamps)
                .build();
    }

    public static InvocationInput readInvocationInput(InputStream in) {
        try {
            return toInvocationInput(WIRE.readTree(in));
        } catch (IOException e) {
            throw new InvalidEnvelopeException("The durable invocation envelope is not valid JSON: " + e.getMessage(), e);
        }
    }

    public static InvocationInput readInvocationInput(String json) {
        try {
            return toInvocationInput(WIRE.readTree(json));
        } catch (JsonProcessingException e) {
            throw new InvalidEnvelopeException("The durable invocation envelope is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static InvocationInput toInvocationInput(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidEnvelopeException("The durable invocation envelope must be a JSON object");
        }
        String arn = requiredText(root, "DurableExecutionArn");
        String token = requiredText(root, "CheckpointToken");
        JsonNode state = root.get("InitialExecutionState");
        JsonNode updated = root.get("UpdatedOperationIds");
        try {
            ExecutionState initial = state == null || state.isNull()
                    ? new ExecutionState(null, null)
                    : WIRE.treeToValue(state, ExecutionState.class);
            java.util.List<String> ids = updated == null || updated.isNull() ? null
                    : WIRE.readerForListOf(String.class).readValue(updated);
            return new InvocationInput(arn, token, initial, ids);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidEnvelopeException("The durable invocation envelope has an invalid InitialExecutionState: "
                    + rootMessage(e), e);
        }
    }

    private static String requiredText(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull() || !value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidEnvelopeException("The durable invocation envelope has no " + key
                    + ": was the function invoked without durable config (DurableConfig on the function)?");
        }
        return value.asText();
    }

    public static String writeInvocationInput(InvocationInput input) {
        try {
            return WIRE.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the invocation envelope", e);
        }
    }

    /** Writes {@code {"Error":..,"Result":..,"Status":..}} with every key present, as the official SDK does. */
    public static String writeInvocationOutput(InvocationOutput output) {
        try {
            return WIRE.writeValueAsString(outputNode(output));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the invocation output", e);
        }
    }

    public static void writeInvocationOutput(InvocationOutput output, OutputStream out) throws IOException {
        WIRE.writeValue(out, outputNode(output));
    }

    private static ObjectNode outputNode(InvocationOutput output) {
        ObjectNode node = WIRE.createObjectNode();
        node.set("Error", output.error() == null ? node.nullNode() : WIRE.valueToTree(output.error()));
        node.put("Result", output.result());
        node.put("Status", output.status().name());
        return node;
    }

    public static InvocationOutput readInvocationOutput(String json) {
        return read(json, InvocationOutput.class, "invocation output");
    }

    public static Operation readOperation(String json) {
        return read(json, Operation.class, "operation");
    }

    public static String writeOperation(Operation operation) {
        return write(operation);
    }

    public static ExecutionState readExecutionState(String json) {
        return read(json, ExecutionState.class, "execution state");
    }

    public static String writeExecutionState(ExecutionState state) {
        return write(state);
    }

    private static <T> T read(String json, Class<T> type, String what) {
        try {
            return WIRE.readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEnvelopeException("Invalid " + what + " JSON: " + rootMessage(e), e);
        }
    }

    private static String write(Object value) {
        try {
            return WIRE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as wire JSON", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    /** Epoch milliseconds, or ISO-8601 with a space or {@code T} separator, any fraction, {@code Z}/offset (UTC if none). */
    public static Instant parseTimestamp(String text) {
        String value = text.trim();
        if (value.isEmpty()) {
            throw new DateTimeException("empty timestamp");
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-' || c == '.')
                && value.chars().filter(c -> c == '-').count() <= 1) {
            return fromEpochMillis(new BigDecimal(value));
        }
        if (value.length() > 10 && value.charAt(10) == ' ') {
            value = value.substring(0, 10) + 'T' + value.substring(11);
        }
        try {
            return OffsetDateTime.parse(value, LENIENT_OFFSET).toInstant();
        } catch (DateTimeException withoutOffset) {
            return LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        }
    }

    private static final DateTimeFormatter LENIENT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
            .toFormatter();

    private static Instant fromEpochMillis(BigDecimal millis) {
        BigDecimal nanos = millis.movePointRight(6);
        BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        long seconds = secondsAndNanos[0].longValueExact();
        long nano = secondsAndNanos[1].longValue();
        return Instant.ofEpochSecond(seconds, nano);
    }

    private static final class LenientInstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            try {
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    return fromEpochMillis(p.getDecimalValue());
                }
                if (token == JsonToken.VALUE_STRING) {
                    return parseTimestamp(p.getText());
                }
            } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(),
                        "not a timestamp (epoch millis or ISO-8601): %s", e.getMessage());
            }
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }
}
