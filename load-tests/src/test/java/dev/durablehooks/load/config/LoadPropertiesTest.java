package dev.durablehooks.load.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadPropertiesTest {

    private static LoadProperties of(Map<String, String> values) {
        return new LoadProperties(values::get);
    }

    @Test
    void aMissingOrBlankPropertyTakesTheDefault() {
        LoadProperties properties = of(Map.of("load.rate", " "));
        assertEquals(2000, properties.positive("load.rate", 2000));
        assertEquals(Duration.ofMillis(2500), properties.seconds("load.ramp", 2.5));
    }

    @Test
    void aMalformedNumberIsRefusedWithThePropertyName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> of(Map.of("load.rate", "fast")).positive("load.rate", 1));
        assertTrue(error.getMessage().contains("load.rate"));
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("r", "0")).positive("r", 1));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("p", "101")).percent("p", 1));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("n", "2.5")).positiveInt("n", 1));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("d", "-1")).seconds("d", 1));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("f", "maybe")).flag("f", true));
    }
}
