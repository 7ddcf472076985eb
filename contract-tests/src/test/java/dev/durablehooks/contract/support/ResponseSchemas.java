package dev.durablehooks.contract.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON schemas in {@code src/test/resources/schemas}: the contract's response bodies as living documentation.
 * Every body the suite receives is checked against the one for its kind.
 */
public final class ResponseSchemas {

    public static final ResponseSchema ACCEPTED = load("accepted-202.schema.json");
    public static final ResponseSchema STATUS = load("status-200.schema.json");
    public static final ResponseSchema ERROR = load("error.schema.json");

    private ResponseSchemas() {
    }

    /** One schema file, loaded and ready. */
    public record ResponseSchema(String file, JsonSchema schema) {

        public Set<String> problems(JsonNode body) {
            Set<ValidationMessage> messages = schema.validate(body);
            return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(
                    java.util.TreeSet::new));
        }

        public void assertValid(JsonNode body) {
            Set<String> problems = problems(body);
            if (!problems.isEmpty()) {
                throw new AssertionError("body does not match schemas/" + file + ": " + problems + "\n  body: "
                        + Json.abbreviate(Json.write(body)));
            }
        }
    }

    private static ResponseSchema load(String file) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        try (InputStream in = ResponseSchemas.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: schemas/" + file);
            }
            return new ResponseSchema(file, factory.getSchema(Json.mapper().readTree(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
