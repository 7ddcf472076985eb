package dev.durablehooks.contract.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.durablehooks.contract.support.Json;
import dev.durablehooks.contract.support.ResponseSchemas;
import org.junit.jupiter.api.Test;

/**
 * The schema files are documentation only if they are exact: they accept the contract's own examples and reject a
 * renamed field. (No service needed.)
 */
class SchemaDocumentationIT {

    private static final String TOKEN = "Zx9_k-3PqLmNoPqRsTuVwX";

    private static final String COMPLETED = """
            {"executionToken":"%1$s","status":"COMPLETED","timestamp":1764000000000,"currentStep":"finalize",
             "originalPayload":{"type":"order","orderId":"123","data":{"amount":100}},
             "result":{"executionToken":"%1$s","status":"processed",
                       "originalPayload":{"type":"order","orderId":"123","data":{"amount":100}},
                       "businessResult":"Processed webhook of type: order","dataTransformed":"{\\"AMOUNT\\":100}",
                       "processedAt":"2026-11-28T10:00:00.100Z",
                       "metadata":{"processedBy":"webhook-processor-java","version":"0.1.0"}},
             "completedAt":"2026-11-28T10:00:00.123Z","updatedAt":"2026-11-28T10:00:00.123Z",
             "steps":[{"name":"validate","status":"SUCCEEDED","attempts":1,
                       "startedAt":"2026-11-28T10:00:00.001Z","endedAt":"2026-11-28T10:00:00.002Z"}]}
            """.formatted(TOKEN);

    @Test
    void schemasAcceptTheContractsOwnExamples() {
        ResponseSchemas.ACCEPTED.assertValid(Json.parse(
                "{\"message\":\"Webhook accepted for processing\",\"executionToken\":\"" + TOKEN + "\"}"));
        ResponseSchemas.ACCEPTED.assertValid(Json.parse("{\"message\":\"Webhook accepted for processing\","
                + "\"executionToken\":\"" + TOKEN + "\",\"duplicate\":true}"));
        ResponseSchemas.STATUS.assertValid(Json.parse(COMPLETED));
        ResponseSchemas.ERROR.assertValid(Json.parse(
                "{\"error\":\"Execution token not found\",\"executionToken\":\"" + TOKEN + "\"}"));
    }

    @Test
    void acceptedSchemaRejectsARenamedTokenField() {
        var renamed = Json.parse("{\"message\":\"Webhook accepted for processing\",\"token\":\"" + TOKEN + "\"}");

        assertFalse(ResponseSchemas.ACCEPTED.problems(renamed).isEmpty());
    }

    @Test
    void statusSchemaRejectsARenamedOptionalField() {
        var renamed = Json.parse(COMPLETED.replace("\"completedAt\"", "\"completed_at\""));

        assertFalse(ResponseSchemas.STATUS.problems(renamed).isEmpty());
    }

    @Test
    void statusSchemaRejectsAResultOnAnExecutionThatIsNotCompleted() {
        var early = Json.parse(COMPLETED.replace("\"status\":\"COMPLETED\"", "\"status\":\"PROCESSING\""));

        assertFalse(ResponseSchemas.STATUS.problems(early).isEmpty());
    }

    @Test
    void errorSchemaRejectsAnyFieldBesidesErrorAndToken() {
        var extra = Json.parse("{\"error\":\"Body too large\",\"limit\":262144}");

        assertEquals(1, ResponseSchemas.ERROR.problems(extra).size());
    }
}
