package dev.durablehooks.durable.operation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
