package dev.durablehooks.service.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads a raw request body as one strict JSON value (RFC 8259: no comments, no trailing commas, nothing after the
 * value), within size limits on nesting, strings, names and numbers. Never throws on bad input: every problem becomes
 * a {@link ParsedPayload.Malformed} whose reason says what is wrong and where. Thread-safe.
 */
public final class PayloadParser {

    static final int MAX_NESTING_DEPTH = 64;
    /** 16 times the default request body limit: the body limit stays the binding one unless raised a lot. */
    static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;
    static final int MAX_NAME_LENGTH = 10_000;
    /** Jackson's own default, stated here so that the bound is ours, not a library's choice. */
    static final int MAX_NUMBER_LENGTH = 1_000;
    /**
     * The heap a payload may take per byte of its text once parsed and copied, as intake and a running execution hold
     * it (the tree, the compact text, the execution input, the result, the forward's body). It depends on the shape:
     * measured on 240 KB payloads held by running executions (2026-11-29, class histograms), a long string 5, an
     * array of ones 7 (Jackson shares small numbers' nodes), of two-digit numbers 11, of empty objects 43 (a node and
     * a map per three characters). The bounds on heap (MAX_INTAKE_BYTES, MAX_RUNNING_HEAP_BYTES) use the worst.
     */
    public static final int HEAP_PER_PAYLOAD_BYTE = 48;

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    /** @param mapper builds the tree (node factory, features); it is not modified, its parser factory is copied */
    public PayloadParser(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        JsonFactoryBuilder strict = (JsonFactoryBuilder) mapper.getFactory().rebuild();
        for (JsonReadFeature leniency : JsonReadFeature.values()) {
            strict.disable(leniency);
        }
        this.factory = strict.streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
    }

    public ParsedPayload parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new ParsedPayload.Malformed("Request body is empty");
        }
        CharBuffer text = CharBuffer.allocate(body.length);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(body);
        CoderResult decoded = utf8.decode(bytes, text, true);
        if (!decoded.isError()) {
            decoded = utf8.flush(text);
        }
        if (decoded.isError()) {
            // The decoder stops at the first byte of the bad sequence.
            return new ParsedPayload.Malformed(
                    "Request body is not valid UTF-8: invalid byte sequence at byte offset " + bytes.position());
        }
        return parseJson(text.array(), text.position());
    }

    private ParsedPayload parseJson(char[] text, int length) {
        try (JsonParser parser = factory.createParser(text, 0, length)) {
            JsonNode value = mapper.readTree(parser);
            if (value == null || value.isMissingNode()) {
                return new ParsedPayload.Malformed("Request body contains no JSON value");
            }
            if (parser.nextToken() != null) {
                return new ParsedPayload.Malformed(
                        at(parser.currentTokenLocation()) + "unexpected content after the JSON value");
            }
            if (hasNonFiniteNumber(value)) {
                // Jackson would read it as Infinity and write it back as the string "Infinity": refuse, don't alter.
                return new ParsedPayload.Malformed("JSON number too large to represent as a double");
            }
            return new ParsedPayload.Ok(value);
        } catch (StreamConstraintsException e) {
            return new ParsedPayload.Malformed(limitExceeded(e));
        } catch (JsonProcessingException e) {
            return new ParsedPayload.Malformed(at(e.getLocation()) + withoutSourceDescription(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            // Reading from memory does no I/O; this only guards the "never throws" promise against parser surprises.
            return new ParsedPayload.Malformed("Malformed JSON: " + e.getClass().getSimpleName());
        }
    }

    private static boolean hasNonFiniteNumber(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return !Double.isFinite(node.doubleValue());
        }
        for (JsonNode child : node) { // depth is bounded by MAX_NESTING_DEPTH
            if (hasNonFiniteNumber(child)) {
                return true;
            }
        }
        return false;
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "Malformed JSON: ";
        }
        return "Malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    private static String limitExceeded(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Document nesting depth")) {
            return "JSON nesting deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        if (message.startsWith("String value length")) {
            return "JSON string longer than " + MAX_STRING_LENGTH + " characters";
        }
        if (message.startsWith("Name length")) {
            return "JSON field name longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (message.startsWith("Number value length")) {
            return "JSON number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        return "JSON exceeds a size limit: " + withoutSourceDescription(message);
    }

    /** Jackson nests "[Source: ...; line: 1, column: 1]" in some messages; the sender needs only the position. */
    private static String withoutSourceDescription(String message) {
        return String.valueOf(message).replaceAll("\\[Source: [^;\\]]*; ", "[");
    }
}
