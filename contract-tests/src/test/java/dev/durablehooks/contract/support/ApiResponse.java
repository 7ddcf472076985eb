package dev.durablehooks.contract.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** An answer from the service; {@link #json()} parses the body (failing the test when it is not JSON). */
public record ApiResponse(String method, String path, int status, HttpHeaders headers, String body) {

    public JsonNode json() {
        return Json.parse(body);
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The body's {@code executionToken}, failing the test when it has none. */
    public String token() {
        JsonNode token = json().get("executionToken");
        if (token == null || !token.isTextual()) {
            throw new AssertionError("no executionToken in " + this);
        }
        return token.textValue();
    }

    public String error() {
        JsonNode error = json().get("error");
        if (error == null || !error.isTextual()) {
            throw new AssertionError("no error text in " + this);
        }
        return error.textValue();
    }

    public boolean duplicate() {
        JsonNode d = json().get("duplicate");
        return d != null && d.asBoolean(false);
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + " " + Json.abbreviate(body);
    }
}
