package dev.durablehooks.service.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.durable.serde.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected verdicts and texts follow the seed's JavaScript; where JavaScript semantics matter (truthiness,
 * {@code JSON.stringify}, {@code toUpperCase}) the expected values were obtained by running the seed's expressions in
 * Node.js on the same JSON text.
 */
class WebhookRulesTest {

    static final ObjectMapper MAPPER = Json.newMapper();

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Optional<String> validate(String payload) {
        return WebhookRules.validationFailure(json(payload));
    }

    static Optional<String> failedWith(String message) {
        return Optional.of("Validation failed: " + message);
    }

    @Nested
    class Validation {

        @ParameterizedTest
        @ValueSource(strings = {"null", "\"order\"", "42", "0", "true", "false", "[]", "[{\"type\":\"order\"}]"})
        void nonObjectPayloadBreaksOnlyTheFirstRule(String payload) {
            assertEquals(failedWith("Payload is required and must be an object"), validate(payload));
        }

        @Test
        void absentPayloadBreaksOnlyTheFirstRule() {
            assertEquals(failedWith("Payload is required and must be an object"),
                    WebhookRules.validationFailure(null));
        }

        @Test
        void emptyObjectLacksAType() {
            assertEquals(failedWith("Payload must include a \"type\" field"), validate("{}"));
        }

        // The seed tests `!payload.type`: every falsy value counts as a missing type, not as an invalid one.
        @ParameterizedTest
        @ValueSource(strings = {"{\"type\":null}", "{\"type\":\"\"}", "{\"type\":false}", "{\"type\":0}",
                "{\"type\":0.0}", "{\"orderId\":\"1\",\"transactionId\":\"2\"}"})
        void falsyTypeCountsAsMissing(String payload) {
            assertEquals(failedWith("Payload must include a \"type\" field"), validate(payload));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"type\":\"invoice\"}", "{\"type\":\"Order\"}", "{\"type\":\" order\"}",
                "{\"type\":1}", "{\"type\":true}", "{\"type\":{}}", "{\"type\":[]}", "{\"type\":[\"order\"]}"})
        void typeOutsideTheFourKnownOnesIsInvalid(String payload) {
            assertEquals(failedWith("Invalid webhook type. Must be one of: order, payment, user, system"),
                    validate(payload));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"type\":\"order\"}", "{\"type\":\"order\",\"orderId\":null}",
                "{\"type\":\"order\",\"orderId\":\"\"}", "{\"type\":\"order\",\"orderId\":0}",
                "{\"type\":\"order\",\"orderId\":false}", "{\"type\":\"order\",\"transactionId\":\"t1\"}"})
        void orderWithoutOrderIdFails(String payload) {
            assertEquals(failedWith("Order webhooks must include orderId"), validate(payload));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"type\":\"payment\"}", "{\"type\":\"payment\",\"transactionId\":null}",
                "{\"type\":\"payment\",\"transactionId\":\"\"}", "{\"type\":\"payment\",\"transactionId\":0}",
                "{\"type\":\"payment\",\"orderId\":\"o1\"}"})
        void paymentWithoutTransactionIdFails(String payload) {
            assertEquals(failedWith("Payment webhooks must include transactionId"), validate(payload));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"type\":\"order\",\"orderId\":\"123\"}", "{\"type\":\"order\",\"orderId\":7}",
                "{\"type\":\"order\",\"orderId\":\"0\"}", "{\"type\":\"order\",\"orderId\":{}}",
                "{\"type\":\"payment\",\"transactionId\":\"tx_1\"}", "{\"type\":\"user\"}", "{\"type\":\"system\"}",
                "{\"type\":\"user\",\"data\":null,\"extra\":[1,2]}"})
        void payloadFollowingEveryRulePasses(String payload) {
            assertEquals(Optional.empty(), validate(payload));
        }

        @Test
        void atMostOneRuleBreaksForAnyTypeAndIdCombination() {
            List<String> types = List.of("", "\"type\":null,", "\"type\":\"\",", "\"type\":\"order\",",
                    "\"type\":\"payment\",", "\"type\":\"user\",", "\"type\":\"bogus\",", "\"type\":7,");
            List<String> ids = List.of("", "\"orderId\":\"o\",", "\"transactionId\":\"t\",",
                    "\"orderId\":\"o\",\"transactionId\":\"t\",", "\"orderId\":\"\",\"transactionId\":0,");
            List<String> known = List.of("Payload must include a \"type\" field",
                    "Invalid webhook type. Must be one of: order, payment, user, system",
                    "Order webhooks must include orderId", "Payment webhooks must include transactionId");
            List<String> unexpected = new ArrayList<>();
            for (String type : types) {
                for (String id : ids) {
                    String payload = "{" + type + id + "\"x\":1}";
                    validate(payload).ifPresent(failure -> {
                        if (!known.contains(failure.substring("Validation failed: ".length()))) {
                            unexpected.add(payload + " -> " + failure);
                        }
                    });
                }
            }
            assertEquals(List.of(), unexpected);
        }
    }

    @Nested
    class ProcessResult {

        static final Instant PROCESSED_AT = Instant.parse("2026-11-28T10:00:00.123456789Z");

        static ObjectNode process(String payload) {
            return WebhookRules.processResult(MAPPER, "tok_0123456789abcdef", json(payload), PROCESSED_AT, "0.1.0");
        }

        static JsonNode dataTransformed(String payload) {
            return process(payload).get("dataTransformed");
        }

        @Test
        void resultHasTheSeedFieldsInTheSeedOrder() {
            List<String> names = new ArrayList<>();
            process("{\"type\":\"order\",\"orderId\":\"1\"}").fieldNames().forEachRemaining(names::add);

            assertEquals(List.of("executionToken", "status", "originalPayload", "businessResult", "dataTransformed",
                    "processedAt", "metadata"), names);
        }

        @Test
        void resultForATypicalOrderIsExactlyTheSeedShape() {
            String payload = "{\"type\":\"order\",\"orderId\":\"123\",\"data\":{\"amount\":100,\"item\":\"book\"}}";

            assertEquals(json("""
                    {"executionToken":"tok_0123456789abcdef","status":"processed",
                     "originalPayload":{"type":"order","orderId":"123","data":{"amount":100,"item":"book"}},
                     "businessResult":"Processed webhook of type: order",
                     "dataTransformed":"{\\"AMOUNT\\":100,\\"ITEM\\":\\"BOOK\\"}",
                     "processedAt":"2026-11-28T10:00:00.123Z",
                     "metadata":{"processedBy":"webhook-processor-java","version":"0.1.0"}}"""),
                    process(payload));
        }

        @Test
        void processedAtAlwaysShowsMillisecondsLikeJavaScriptToIsoString() {
            ObjectNode result = WebhookRules.processResult(MAPPER, "tok_0123456789abcdef",
                    json("{\"type\":\"user\"}"), Instant.parse("2026-11-28T10:00:00Z"), "0.1.0");

            assertEquals("2026-11-28T10:00:00.000Z", result.get("processedAt").textValue());
        }

        @Test
        void originalPayloadIsACopy() {
            ObjectNode payload = (ObjectNode) json("{\"type\":\"user\",\"data\":{\"a\":1}}");

            ObjectNode result = WebhookRules.processResult(MAPPER, "tok_0123456789abcdef", payload, PROCESSED_AT,
                    "0.1.0");
            payload.put("type", "changed");

            assertEquals("user", result.get("originalPayload").get("type").textValue());
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"type\":\"user\"}", "{\"type\":\"user\",\"data\":null}",
                "{\"type\":\"user\",\"data\":0}", "{\"type\":\"user\",\"data\":\"\"}",
                "{\"type\":\"user\",\"data\":false}"})
        void absentOrFalsyDataIsTransformedToNull(String payload) {
            assertTrue(dataTransformed(payload).isNull(), () -> "for " + payload);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
                "{}                  | {}",
                "[]                  | []",
                "\"abc\"             | \"ABC\"",
                "12.50               | 12.5",
                "true                | TRUE",
                "[1.0,null,\"x\"]    | [1,NULL,\"X\"]"})
        void dataIsStringifiedThenUpperCased(String data, String expected) {
            assertEquals(expected, dataTransformed("{\"type\":\"user\",\"data\":" + data + "}").textValue());
        }

        @Test
        void numbersAndKeyOrderFollowJsonStringify() {
            String payload = "{\"type\":\"user\",\"data\":{\"b\":1,\"2\":\"two\",\"1\":\"one\","
                    + "\"a\":[1.0,1e21,1.5e-7,0.000001,-0.0,123456789012345678901234,1e400],\"01\":true}}";

            assertEquals("{\"1\":\"ONE\",\"2\":\"TWO\",\"B\":1,"
                            + "\"A\":[1,1E+21,1.5E-7,0.000001,0,1.2345678901234569E+23,NULL],\"01\":TRUE}",
                    dataTransformed(payload).textValue());
        }

        @Test
        void escapesFollowJsonStringifyAndAreUpperCasedWithTheRest() {
            String payload = "{\"type\":\"user\",\"data\":{\"s\":"
                    + "\"line\\nbreak \\\"q\\\" \\u0001 \\u001f tab\\t é ß ﬁ \\ud800 😀 \\/\"}}";

            assertEquals("{\"S\":\"LINE\\NBREAK \\\"Q\\\" \\U0001 \\U001F TAB\\T É SS FI \\UD800 😀 /\"}",
                    dataTransformed(payload).textValue());
        }

        @Test
        void businessResultNamesTheType() {
            assertEquals("Processed webhook of type: payment",
                    process("{\"type\":\"payment\",\"transactionId\":\"t\"}").get("businessResult").textValue());
        }

        @Test
        void businessResultSaysUnknownWhenTheTypeIsFalsy() {
            assertEquals("Processed webhook of type: unknown", process("{\"type\":\"\"}").get("businessResult")
                    .textValue());
        }
    }

    @Nested
    class JavaScriptNumbers {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "0.1 | 0.1", "100 | 100", "1e20 | 100000000000000000000", "1e21 | 1e+21", "1e-6 | 0.000001",
                "1e-7 | 1e-7", "1.23e-18 | 1.23e-18", "4.9e-324 | 5e-324", "9.881312916824931e-324 | 1e-323", "1.48e-323 | 1.5e-323", "-2.5 | -2.5",
                "9007199254740993 | 9007199254740992", "1.7976931348623157e308 | 1.7976931348623157e+308"})
        void formatsLikeNumberToString(double value, String expected) {
            // Expected texts from Node.js: String(Number(...)).
            assertEquals(expected, JavaScriptJson.number(value));
        }
    }
}
