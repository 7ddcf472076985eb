package dev.durablehooks.service.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.durable.serde.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadParserTest {

    private final ObjectMapper mapper = Json.newMapper();
    private final PayloadParser parser = new PayloadParser(mapper);

    private ParsedPayload parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode ok(ParsedPayload parsed) {
        return assertInstanceOf(ParsedPayload.Ok.class, parsed, () -> "expected Ok but got " + parsed).json();
    }

    private String malformed(ParsedPayload parsed) {
        return assertInstanceOf(ParsedPayload.Malformed.class, parsed, () -> "expected Malformed but got " + parsed)
                .reason();
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void objectIsParsedToItsTree() throws Exception {
        JsonNode json = ok(parse("{\"type\":\"order\",\"orderId\":\"123\",\"data\":{\"amount\":100}}"));

        assertEquals(mapper.readTree("{\"type\":\"order\",\"orderId\":\"123\",\"data\":{\"amount\":100}}"), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "true", "null", "{}"})
    void anyWellFormedJsonValueIsAcceptedForTheBusinessRulesToJudge(String body) throws Exception {
        assertEquals(mapper.readTree(body), ok(parse(body)));
    }

    @Test
    void surroundingWhitespaceIsAllowed() {
        assertTrue(ok(parse(" \r\n\t{\"a\":1}\n  ")).isObject());
    }

    @Test
    void emptyBodyIsMalformed() {
        assertEquals("Request body is empty", malformed(parser.parse(new byte[0])));
    }

    @Test
    void whitespaceOnlyBodyHoldsNoJsonValue() {
        assertEquals("Request body contains no JSON value", malformed(parse(" \n\t ")));
    }

    @Test
    void invalidUtf8NamesTheByteOffset() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'};

        assertEquals("Request body is not valid UTF-8: invalid byte sequence at byte offset 6",
                malformed(parser.parse(body)));
    }

    @Test
    void overlongUtf8EncodingIsRejected() {
        byte[] body = {'"', (byte) 0xC0, (byte) 0xAF, '"'};

        assertTrue(malformed(parser.parse(body)).contains("byte offset 1"));
    }

    @Test
    void utf8EncodedSurrogateIsRejected() {
        byte[] body = {'[', '"', 'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'};

        assertTrue(malformed(parser.parse(body)).contains("byte offset 3"));
    }

    @Test
    void utf8CutOffMidCharacterIsRejected() {
        byte[] euro = "\"€\"".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(euro, euro.length - 2);

        assertTrue(malformed(parser.parse(cut)).startsWith("Request body is not valid UTF-8"));
    }

    @Test
    void multiByteCharactersAreDecoded() {
        assertEquals("été €", ok(parse("{\"s\":\"été €\"}")).get("s").textValue());
    }

    @Test
    void truncatedJsonNamesLineAndColumn() {
        assertEquals("Malformed JSON at line 1, column 6: Unexpected end-of-input within/between Object entries",
                malformed(parse("{\"a\":")));
    }

    @Test
    void syntaxErrorOnALaterLineNamesThatLine() {
        String reason = malformed(parse("{\"a\":1,\n \"b\":}"));

        assertTrue(reason.startsWith("Malformed JSON at line 2, column 6: "), reason);
    }

    @Test
    void reasonCarriesNoParserInternals() {
        String reason = malformed(parse("{\"a\":[1,2"));

        assertTrue(reason.startsWith("Malformed JSON at line 1, column 10: "), reason);
        assertFalse(reason.contains("Source"), reason);
        assertFalse(reason.contains("REDACTED"), reason);
    }

    @Test
    void secondValueAfterTheFirstIsMalformed() {
        assertEquals("Malformed JSON at line 1, column 3: unexpected content after the JSON value",
                malformed(parse("{}{}")));
    }

    @Test
    void trailingGarbageIsMalformed() {
        assertTrue(malformed(parse("{\"a\":1} x")).startsWith("Malformed JSON at line 1, column 9: "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,}", "[1,2,]", "{'a':1}", "{a:1}", "// c\n{}", "/* c */ {}", "# c\n{}",
            "[NaN]", "[Infinity]", "[01]", "[+1]", "[.5]", "[1.]", "[1,,2]", "[\"\u0001\"]", "[\"\\q\"]", "tru",
            "\u001e{}"})
    void nonStandardJsonIsMalformed(String body) {
        assertTrue(malformed(parse(body)).startsWith("Malformed JSON"));
    }

    @Test
    void sixtyFourLevelsOfNestingAreAllowed() {
        assertTrue(ok(parse(nested(64))).isArray());
    }

    @Test
    void nestingDeeperThanSixtyFourLevelsIsMalformed() {
        assertEquals("JSON nesting deeper than 64 levels", malformed(parse(nested(65))));
    }

    @Test
    void deeplyNestedObjectsAreMalformedToo() {
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);

        assertEquals("JSON nesting deeper than 64 levels", malformed(parse(deep)));
    }

    @Test
    void tooLongNumberIsMalformed() {
        assertEquals("JSON number longer than 1000 characters", malformed(parse("[1" + "0".repeat(1000) + "]")));
    }

    @Test
    void numberAtTheLengthLimitIsAllowed() {
        assertTrue(ok(parse("[1" + "0".repeat(999) + "]")).get(0).isNumber());
    }

    @Test
    void tooLongStringIsMalformed() {
        String body = "[\"" + "x".repeat(PayloadParser.MAX_STRING_LENGTH + 1) + "\"]";

        assertEquals("JSON string longer than " + PayloadParser.MAX_STRING_LENGTH + " characters",
                malformed(parse(body)));
    }

    @Test
    void tooLongFieldNameIsMalformed() {
        String body = "{\"" + "k".repeat(PayloadParser.MAX_NAME_LENGTH + 1) + "\":1}";

        assertEquals("JSON field name longer than " + PayloadParser.MAX_NAME_LENGTH + " characters",
                malformed(parse(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1e99999]", "{\"a\":{\"b\":-1.5e400}}"})
    void numberBeyondTheRangeOfADoubleIsMalformed(String body) {
        assertEquals("JSON number too large to represent as a double", malformed(parse(body)));
    }

    @Test
    void hugeIntegerIsKeptExactly() {
        String digits = "1" + "0".repeat(400);

        assertEquals(digits, ok(parse("[" + digits + "]")).get(0).bigIntegerValue().toString());
    }

    @Test
    void duplicateKeysKeepTheLastValueAsJavaScriptDoes() {
        assertEquals("payment", ok(parse("{\"type\":\"order\",\"type\":\"payment\"}")).get("type").textValue());
    }

    @Test
    void escapedLoneSurrogateIsKeptAsJavaScriptWouldKeepIt() {
        assertEquals("\ud800", ok(parse("[\"\\ud800\"]")).get(0).textValue());
    }

    @Test
    void theSharedMapperKeepsItsOwnLimits() throws Exception {
        String deep = nested(200);
        int mapperDepthLimit = mapper.getFactory().streamReadConstraints().getMaxNestingDepth();

        assertEquals("JSON nesting deeper than 64 levels", malformed(parse(deep)));
        assertEquals(Json.newMapper().getFactory().streamReadConstraints().getMaxNestingDepth(), mapperDepthLimit);
        assertTrue(mapper.readTree(deep).isArray(), "the mapper still reads what the parser refuses");
    }

    @Test
    void neverThrowsOnRandomOrMangledInput() {
        SplittableRandom random = new SplittableRandom(20261128);
        byte[] valid = "{\"type\":\"order\",\"orderId\":\"1\",\"data\":{\"a\":[1,2.5,true,null,\"é\"]}}"
                .getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 5_000; round++) {
            byte[] input;
            if (round % 2 == 0) {
                input = new byte[random.nextInt(0, 64)];
                random.nextBytes(input);
            } else {
                ByteArrayOutputStream mangled = new ByteArrayOutputStream();
                int cut = random.nextInt(0, valid.length + 1);
                mangled.write(valid, 0, cut);
                mangled.write(random.nextInt(256));
                mangled.write(valid, cut, valid.length - cut);
                input = mangled.toByteArray();
            }
            assertNotNull(parser.parse(input));
        }
    }
}
