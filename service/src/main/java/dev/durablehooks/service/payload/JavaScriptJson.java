package dev.durablehooks.service.payload;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The two bits of JavaScript semantics the seed's business rules depend on, applied to a Jackson tree as if the
 * payload had gone through {@code JSON.parse}: truthiness ({@code !payload.type}) and {@code JSON.stringify}.
 *
 * <p>Jackson's own writer differs from {@code JSON.stringify} in ways that show in the seed's upper-cased
 * {@code dataTransformed} text: number format ({@code 1.0} vs {@code 1}, {@code 1.0E21} vs {@code 1e+21}), key
 * order (JavaScript puts array-index keys first, ascending) and escapes of lone surrogates. Hence this writer.
 */
final class JavaScriptJson {

    private static final long MAX_ARRAY_INDEX = 4_294_967_294L; // 2^32 - 2

    private JavaScriptJson() {
    }

    /** JavaScript truthiness of {@code payload.field}: absent, null, false, 0 and "" are falsy; objects and arrays are not. */
    static boolean truthy(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            double value = node.doubleValue(); // what JSON.parse would have made of it
            return value != 0 && !Double.isNaN(value);
        }
        if (node.isTextual()) {
            return !node.textValue().isEmpty();
        }
        return true;
    }

    /** {@code `${value}`}: how a template literal renders a value that came from {@code JSON.parse}. */
    static String templateText(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "undefined";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            double number = value.doubleValue();
            return Double.isInfinite(number) ? (number > 0 ? "Infinity" : "-Infinity") : number(number);
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        if (value.isArray()) {
            // Array.prototype.toString: elements joined by ",", with null shown as the empty string.
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                JsonNode element = value.get(i);
                out.append(element.isNull() ? "" : templateText(element));
            }
            return out.toString();
        }
        return "[object Object]";
    }

    /** {@code JSON.stringify(value)} for a value that came from {@code JSON.parse}. */
    static String stringify(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> property : inJavaScriptOrder(node)) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(property.getKey(), out);
                out.append(':');
                write(property.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(number(node.doubleValue()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            quote(node.asText(), out);
        }
    }

    /** Property order of a JavaScript object: array-index keys ascending, then the others in insertion order. */
    private static List<Map.Entry<String, JsonNode>> inJavaScriptOrder(JsonNode object) {
        List<Map.Entry<String, JsonNode>> indices = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> others = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            (arrayIndex(property.getKey()) >= 0 ? indices : others).add(property);
        }
        indices.sort(Comparator.comparingLong(property -> arrayIndex(property.getKey())));
        indices.addAll(others);
        return indices;
    }

    /** The key's value as a canonical array index ("0", "17"; not "017" or "-1"), or -1. */
    private static long arrayIndex(String key) {
        if (key.isEmpty() || key.length() > 10 || (key.length() > 1 && key.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_ARRAY_INDEX ? value : -1;
    }

    /** ECMAScript Number::toString: shortest round-trip digits, exponent form only below 1e-6 or from 1e21. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null"; // JSON.stringify writes non-finite numbers as null
        }
        if (value == 0) {
            return "0"; // also for -0
        }
        if (value < 0) {
            return "-" + number(-value);
        }
        BigDecimal shortest = shortestDecimal(value);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = 0.digits * 10^n
        StringBuilder out = new StringBuilder();
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
        }
        return out.toString();
    }

    /**
     * The decimal with the fewest digits that reads back as {@code value}, the closest one when several qualify.
     * Since JDK 19 Double.toString computes exactly that, except that where one digit would do it picks the closest
     * two-digit decimal ({@code 4.9E-324} for {@code Double.MIN_VALUE}, where JavaScript writes {@code 5e-324}).
     */
    private static BigDecimal shortestDecimal(double value) {
        BigDecimal javaChoice = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (javaChoice.precision() != 2) {
            return javaChoice;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal best = null;
        int leading = javaChoice.unscaledValue().intValueExact() / 10;
        int exponent = javaChoice.precision() - javaChoice.scale() - 1; // of the leading digit
        for (int digit = leading; digit <= leading + 1; digit++) {
            BigDecimal candidate = BigDecimal.valueOf(digit).scaleByPowerOfTen(exponent);
            boolean readsBack = Double.parseDouble(candidate.toString()) == value;
            if (readsBack && (best == null
                    || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = candidate;
            }
        }
        return best == null ? javaChoice : best.stripTrailingZeros();
    }

    /** ECMAScript QuoteJSONString: short escapes, other controls and lone surrogates as lower-case \\u escapes. */
    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(text, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
