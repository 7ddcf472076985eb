package dev.durablehooks.durable.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.durable.exception.SerDesException;

import java.util.Objects;

/** The default {@link SerDes}: Jackson with {@link Json#newMapper()}. A null value has no JSON (null in, null out). */
public final class JacksonSerDes implements SerDes {
    private final ObjectMapper mapper;

    public JacksonSerDes() {
        this(Json.newMapper());
    }

    public JacksonSerDes(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public String serialize(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SerDesException("Cannot serialize a " + value.getClass().getName() + " to JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T deserialize(String json, Class<T> type) {
        return read(json, mapper.constructType(type));
    }

    @Override
    public <T> T deserialize(String json, TypeToken<T> type) {
        return read(json, mapper.constructType(type.getType()));
    }

    /**
     * Strings and booleans: Jackson writes them as JSON strings and {@code true}/{@code false} and reads those back
     * as equal values (for a mapper with no serializer of its own for these types). Numbers are not: a {@code Long}
     * read back as {@code Object} is an {@code Integer}.
     */
    @Override
    public boolean readsBackUnchanged(Object value) {
        return value instanceof String || value instanceof Boolean;
    }

    private <T> T read(String json, JavaType type) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SerDesException("Cannot read JSON as " + type.toCanonical() + ": " + e.getOriginalMessage(), e);
        }
    }
}
