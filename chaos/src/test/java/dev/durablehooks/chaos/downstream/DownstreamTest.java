package dev.durablehooks.chaos.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DownstreamTest {
    @Test
    void runNumberIsReadFromThePerRunForwardPath() {
        assertEquals(12, Downstream.runOf("/downstream/run-12"));
        assertEquals(3, Downstream.runOf("/downstream/run-3?x=1"));
        assertEquals(0, Downstream.runOf("/downstream"));
        assertEquals(0, Downstream.runOf(null));
    }
}
