package dev.durablehooks.durable.serde;

import java.lang.reflect.Type;

/** Turns user values (handler input/output, step results) into JSON text and back. null in, null out. */
public interface SerDes {
    String serialize(Object value);

    <T> T deserialize(String json, Class<T> type);

    <T> T deserialize(String json, TypeToken<T> type);

    /**
     * True when reading {@code value}'s JSON back as {@code readAs} gives an equal immutable value, so that a step
     * may return {@code value} itself rather than read its checkpoint back (what a replay returns). Default: false,
     * always read back.
     */
    default boolean readsBackUnchanged(Object value, Type readAs) {
        return false;
    }
}
