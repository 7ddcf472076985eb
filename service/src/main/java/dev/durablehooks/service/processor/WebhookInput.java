package dev.durablehooks.service.processor;

import com.fasterxml.jackson.databind.JsonNode;

/** The durable execution's input: the token the sender was given and the payload it sent. */
public record WebhookInput(String executionToken, JsonNode payload) {

    /**
     * The input's JSON text, built the same way every time from the stored compact payload, so that starting the
     * same execution again (a retried delivery, the startup reconciliation) presents the identical input.
     */
    public static String json(String token, String compactPayloadJson) {
        // Tokens are base64url: nothing to escape.
        return "{\"executionToken\":\"" + token + "\",\"payload\":" + compactPayloadJson + "}";
    }
}
