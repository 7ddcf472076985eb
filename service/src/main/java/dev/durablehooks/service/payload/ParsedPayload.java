package dev.durablehooks.service.payload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A request body read as JSON: either the value it holds, or why it is not well-formed JSON. */
public sealed interface ParsedPayload permits ParsedPayload.Ok, ParsedPayload.Malformed {

    /** The body is exactly one well-formed JSON value (of any kind; business rules are checked later). */
    record Ok(JsonNode json) implements ParsedPayload {
        public Ok {
            Objects.requireNonNull(json, "json");
        }
    }

    /** The body is not well-formed JSON; {@code reason} is fit to send back to the sender. */
    record Malformed(String reason) implements ParsedPayload {
        public Malformed {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a malformed payload needs a reason");
            }
        }
    }
}
