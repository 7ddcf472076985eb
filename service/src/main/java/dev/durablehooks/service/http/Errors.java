package dev.durablehooks.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;

/** The one shape of every error the service answers: {@code {"error": "...", "executionToken": "..."?}}. */
public final class Errors {
    private final ObjectMapper mapper;

    public Errors(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public JsonResponse of(int status, String message) {
        return of(status, message, null, Map.of());
    }

    public JsonResponse of(int status, String message, String executionToken) {
        return of(status, message, executionToken, Map.of());
    }

    public JsonResponse of(int status, String message, String executionToken, Map<String, String> headers) {
        ObjectNode body = mapper.createObjectNode();
        body.put("error", message);
        if (executionToken != null) {
            body.put("executionToken", executionToken);
        }
        return new JsonResponse(status, body, headers);
    }
}
