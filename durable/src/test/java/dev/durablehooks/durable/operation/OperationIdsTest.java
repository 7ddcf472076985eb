package dev.durablehooks.durable.operation;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OperationIdsTest {
    static final String ROOT_1 = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b";

    @Test
    void theFirstRootOperationIsTheSha256OfOne() {
        assertEquals(ROOT_1, OperationIds.of(null, 1));
    }

    @Test
    void theSecondRootOperationIsTheSha256OfTwo() {
        assertEquals("d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35", OperationIds.of(null, 2));
    }

    @Test
    void theFirstOperationInsideAChildContextHashesTheParentIdDashOne() {
        assertEquals("2ac06c59dbc2f95f867ebb0f4e986076465c3dfd08e9353610dcf46b8b030df6", OperationIds.of(ROOT_1, 1));
    }

    @Test
    void theSecondOperationInsideAChildContextHashesTheParentIdDashTwo() {
        assertEquals("02639542652da51af1ee1b734ee5663c43baae11fdef37a46a5c463c9dccbbe0", OperationIds.of(ROOT_1, 2));
    }

    @Test
    void countersStartAtOne() {
        assertThrows(IllegalArgumentException.class, () -> OperationIds.of(null, 0));
    }

    @Test
    void idsOutsideTheWireAlphabetAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> OperationIds.requireValid("a/b"));
        assertThrows(IllegalArgumentException.class, () -> OperationIds.requireValid("x".repeat(65)));
    }

    @Test
    void everyCharacterIsJudgedAsTheWireAlphabetSays() {
        Pattern alphabet = Pattern.compile("[a-zA-Z0-9_-]");
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            String id = String.valueOf((char) c);
            assertEquals(alphabet.matcher(id).matches(), OperationIds.isValid(id), "character U+" + Integer.toHexString(c));
        }
    }

    @Test
    void idsOfOneToSixtyFourCharactersAreValidAndNoOthers() {
        assertFalse(OperationIds.isValid(null));
        assertFalse(OperationIds.isValid(""));
        assertTrue(OperationIds.isValid("a"));
        assertTrue(OperationIds.isValid("Z".repeat(64)));
        assertFalse(OperationIds.isValid("Z".repeat(65)));
    }

    @Test
    void aBadCharacterAnywhereInAnIdMakesItInvalid() {
        String valid = ROOT_1;
        for (int i = 0; i < valid.length(); i++) {
            assertFalse(OperationIds.isValid(valid.substring(0, i) + "." + valid.substring(i + 1)), "position " + i);
        }
    }

    @Test
    void idsComputedConcurrentlyAreTheSameAsComputedAlone() {
        var ids = new ConcurrentHashMap<Integer, String>();
        IntStream.rangeClosed(1, 2_000).parallel().forEach(i -> ids.put(i, OperationIds.of(ROOT_1, i)));
        IntStream.rangeClosed(1, 2_000).forEach(i -> assertEquals(OperationIds.of(ROOT_1, i), ids.get(i)));
        assertEquals("02639542652da51af1ee1b734ee5663c43baae11fdef37a46a5c463c9dccbbe0", ids.get(2));
    }
}
