package dev.durablehooks.durable.serde;

import dev.durablehooks.durable.exception.SerDesException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JacksonSerDesTest {
    final SerDes serDes = new JacksonSerDes();

    record Event(String id, Instant at) {
    }

    @Test
    void nullHasNoJsonAndNoJsonIsNull() {
        assertNull(serDes.serialize(null));
        assertNull(serDes.deserialize(null, String.class));
        assertNull(serDes.deserialize("", String.class));
    }

    @Test
    void aStringIsStoredAsJsonText() {
        assertEquals("\"Hello\"", serDes.serialize("Hello"));
    }

    @Test
    void datesAreIsoStrings() {
        assertEquals("{\"id\":\"e1\",\"at\":\"2026-01-02T03:04:05Z\"}",
                serDes.serialize(new Event("e1", Instant.parse("2026-01-02T03:04:05Z"))));
    }

    @Test
    void unknownPropertiesAreIgnored() {
        assertEquals(new Event("e1", null), serDes.deserialize("{\"id\":\"e1\",\"later\":42}", Event.class));
    }

    @Test
    void genericTypesAreReadThroughATypeToken() {
        Map<String, List<Integer>> value = serDes.deserialize("{\"a\":[1,2]}", new TypeToken<Map<String, List<Integer>>>() { });

        assertEquals(Map.of("a", List.of(1, 2)), value);
    }

    @Test
    void unreadableJsonIsASerDesExceptionNamingTheType() {
        SerDesException e = assertThrows(SerDesException.class, () -> serDes.deserialize("{oops", Event.class));
        assertEquals(true, e.getMessage().contains("Event"), e.getMessage());
    }

    @Test
    void theSharedMapperWritesDatesAsIsoText() throws Exception {
        assertEquals("\"2026-01-02T03:04:05Z\"", Json.newMapper().writeValueAsString(Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void anyJsonReadAsVoidIsNull() {
        assertNull(serDes.deserialize("{\"ignored\":true}", Void.class));
    }

    @Test
    void stringsAndBooleansReadBackAsEqualValuesAsTheirOwnClassOrAsObject() {
        for (Object value : List.of("", "Hello \"world\" \u00e9\n", Boolean.TRUE, Boolean.FALSE)) {
            assertTrue(serDes.readsBackUnchanged(value, value.getClass()), value.toString());
            assertTrue(serDes.readsBackUnchanged(value, Object.class), value.toString());
            assertEquals(value, serDes.deserialize(serDes.serialize(value), value.getClass()));
            assertEquals(value, serDes.deserialize(serDes.serialize(value), Object.class));
        }
    }

    @Test
    void numbersObjectsAndOtherDeclaredTypesAreReadBack() {
        assertEquals(Integer.valueOf(5), serDes.deserialize(serDes.serialize(5L), Object.class));
        assertFalse(serDes.readsBackUnchanged(5L, Object.class));
        assertFalse(serDes.readsBackUnchanged(new Event("e1", Instant.EPOCH), Event.class));
        assertFalse(serDes.readsBackUnchanged(List.of("a"), Object.class));
        assertFalse(serDes.readsBackUnchanged("a", CharSequence.class));
        assertFalse(serDes.readsBackUnchanged("a", new TypeToken<Comparable<String>>() { }.getType()));
    }
}
