package dev.durablehooks.durable.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.durable.exception.SerDesException;

import java.lang.reflect.Type;
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
     * Strings and booleans read as their own class or as {@code Object}: Jackson writes them as JSON strings and
     * {@code true}/{@code false} and reads those back as equal values (for a mapper with no serializer of its own for
     * these types). Numbers are not: a {@code Long} read back as {@code Object} is an {@code Integer}. Other declared
     * types are read back, so that a type Jackson cannot read fails on the first run as it would on a replay.
     */
    @Override
    public boolean readsBackUnchanged(Object value, Type readAs) {
        return (value instanceof String || value instanceof Boolean) && (readAs == value.getClass() || readAs == Object.class);
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
