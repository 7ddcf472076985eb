package dev.durablehooks.load.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadMixTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyValidPayloadIsWellFormedAndCarriesTheFieldItsTypeRequires() throws Exception {
        PayloadMix mix = PayloadMix.parse("order=1,payment=1,user=1,system=1", 32);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            JsonNode payload = mapper.readTree(mix.validPayload(random, "id-" + i));
            String type = payload.get("type").asText();
            assertTrue(payload.get("data").isObject());
            switch (type) {
                case "order" -> assertTrue(payload.hasNonNull("orderId"));
                case "payment" -> assertTrue(payload.hasNonNull("transactionId"));
                case "user", "system" -> { }
                default -> throw new AssertionError("unexpected type " + type);
            }
        }
    }

    @Test
    void aTypeWithWeightZeroIsNeverSent() throws Exception {
        PayloadMix mix = PayloadMix.parse("order=0,user=1", 0);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            assertTrue(mapper.readTree(mix.validPayload(random, "x")).get("type").asText().equals("user"));
        }
    }

    @Test
    void theMalformedPayloadIsNotWellFormedJson() {
        assertThrows(Exception.class, () -> mapper.readTree(PayloadMix.malformedPayload("x")));
    }

    @Test
    void unknownTypesAndMissingWeightsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PayloadMix.parse("invoice=1", 0));
        assertThrows(IllegalArgumentException.class, () -> PayloadMix.parse("order", 0));
        assertThrows(IllegalArgumentException.class, () -> PayloadMix.parse("order=0", 0));
        assertFalse(PayloadMix.parse("order=2", 0).weights().isEmpty());
    }
}
