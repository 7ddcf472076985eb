package dev.durablehooks.contract.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One POST /webhook as a sender makes it: raw body bytes, an optional Content-Type, other headers. */
public record Delivery(byte[] body, Optional<String> contentType, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public Delivery {
        body = body.clone();
        Objects.requireNonNull(contentType, "contentType");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static Delivery json(String json) {
        return new Delivery(json.getBytes(StandardCharsets.UTF_8), Optional.of(JSON), Map.of());
    }

    public static Delivery bytes(byte[] body, String contentType) {
        return new Delivery(body, Optional.ofNullable(contentType), Map.of());
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Delivery withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        copy.put(name, value);
        return new Delivery(body, contentType, copy);
    }

    public Delivery withoutHeader(String name) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        return new Delivery(body, contentType, copy);
    }

    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    public Delivery withContentType(String value) {
        return new Delivery(body, Optional.of(value), headers);
    }

    public Delivery withoutContentType() {
        return new Delivery(body, Optional.empty(), headers);
    }

    /** The same headers over other bytes (a tampered body keeps the signature made for the original). */
    public Delivery withBody(byte[] other) {
        return new Delivery(other, contentType, headers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delivery d && Arrays.equals(body, d.body) && contentType.equals(d.contentType)
                && headers.equals(d.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), contentType, headers);
    }

    @Override
    public String toString() {
        String text = bodyText();
        return "Delivery[" + contentType.orElse("(no Content-Type)") + ", " + headers + ", "
                + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + "]";
    }
}
