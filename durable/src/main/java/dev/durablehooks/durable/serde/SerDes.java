package dev.durablehooks.durable.serde;

/** Turns user values (handler input/output, step results) into JSON text and back. null in, null out. */
public interface SerDes {
    String serialize(Object value);

    <T> T deserialize(String json, Class<T> type);

    <T> T deserialize(String json, TypeToken<T> type);
}
