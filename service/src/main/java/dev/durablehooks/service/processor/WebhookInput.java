package dev.durablehooks.service.processor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The durable execution's input: the token the sender was given, the payload it sent, and, for a redriven
 * execution, what the earlier execution had already checkpointed.
 *
 * @param resume null for a first execution
 */
public record WebhookInput(String executionToken, JsonNode payload, Resume resume) {

    /**
     * Steps a redrive does not run again, because an earlier execution of the same webhook checkpointed them.
     *
     * @param validated   validate succeeded
     * @param processedAt process succeeded at this time (ISO-8601), or null
     */
    public record Resume(boolean validated, String processedAt) {
    }

    /**
     * The input's JSON text, built the same way every time from the stored compact payload, so that starting the
     * same execution again (a retried delivery, the startup reconciliation) presents the identical input.
     */
    public static String json(String token, String compactPayloadJson) {
        // Tokens are base64url and hex: nothing to escape.
        return "{\"executionToken\":\"" + token + "\",\"payload\":" + compactPayloadJson + "}";
    }

    /** The input of a redriven execution. */
    public static String redriveJson(String token, String compactPayloadJson, boolean validated, String processedAt) {
        return "{\"executionToken\":\"" + token + "\",\"payload\":" + compactPayloadJson
                + ",\"resume\":{\"validated\":" + validated + ",\"processedAt\":"
                + (processedAt == null ? "null" : "\"" + processedAt + "\"") + "}}";
    }
}
