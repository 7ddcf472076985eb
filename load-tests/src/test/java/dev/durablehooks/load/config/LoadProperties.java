package dev.durablehooks.load.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed access to the simulations' system properties. A malformed value stops the simulation before any load is sent,
 * with a message naming the property, instead of silently running with a default.
 */
public final class LoadProperties {

    private final Function<String, String> source;

    public LoadProperties(Function<String, String> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    public static LoadProperties fromSystem() {
        return new LoadProperties(System::getProperty);
    }

    public Optional<String> optional(String key) {
        String value = source.apply(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public boolean flag(String key, boolean defaultValue) {
        return optional(key).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw invalid(key, value, "true or false");
        }).orElse(defaultValue);
    }

    /** A number strictly above zero (rates, counts, factors). */
    public double positive(String key, double defaultValue) {
        double value = number(key, defaultValue);
        if (!(value > 0)) {
            throw invalid(key, String.valueOf(value), "a number > 0");
        }
        return value;
    }

    /** A number at or above zero (delays, limits that may be zero). */
    public double nonNegative(String key, double defaultValue) {
        double value = number(key, defaultValue);
        if (!(value >= 0)) {
            throw invalid(key, String.valueOf(value), "a number >= 0");
        }
        return value;
    }

    public Optional<Double> optionalNonNegative(String key) {
        return optional(key).map(raw -> nonNegative(key, 0));
    }

    public int positiveInt(String key, int defaultValue) {
        double value = positive(key, defaultValue);
        if (value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw invalid(key, String.valueOf(value), "a whole number > 0");
        }
        return (int) value;
    }

    public double percent(String key, double defaultValue) {
        double value = nonNegative(key, defaultValue);
        if (value > 100) {
            throw invalid(key, String.valueOf(value), "a percentage between 0 and 100");
        }
        return value;
    }

    /** A duration given in (possibly fractional) seconds. */
    public Duration seconds(String key, double defaultSeconds) {
        return Duration.ofMillis(Math.round(nonNegative(key, defaultSeconds) * 1000));
    }

    public Duration millis(String key, long defaultMillis) {
        return Duration.ofMillis(Math.round(nonNegative(key, defaultMillis)));
    }

    private double number(String key, double defaultValue) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw invalid(key, raw.get(), "a finite number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(key, raw.get(), "a number");
        }
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException("System property " + key + "=" + value + " is invalid: expected " + expected);
    }
}
