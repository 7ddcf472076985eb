package dev.durablehooks.service.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;

/** A JSON answer from one of the service's handlers, independent of the HTTP server that sends it. */
public record JsonResponse(int status, ObjectNode body, Map<String, String> headers) {
    public JsonResponse {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public JsonResponse(int status, ObjectNode body) {
        this(status, body, Map.of());
    }
}
