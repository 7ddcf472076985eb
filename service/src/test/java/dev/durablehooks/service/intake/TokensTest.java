package dev.durablehooks.service.intake;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensTest {
    @Test
    void tokensMatchTheContractFormat() {
        String token = new Tokens(Clock.systemUTC()).next();
        assertTrue(Tokens.wellFormed(token), token);
        assertEquals(34, token.length());
    }

    @Test
    void tokensCarry128RandomBitsAfterTheTimePrefix() {
        Tokens tokens = new Tokens(Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(tokens.next());
        }
        assertEquals(10_000, seen.size(), "the same millisecond still gives distinct tokens");
    }

    @Test
    void laterTokensSortAfterEarlierOnes() {
        String earlier = new Tokens(Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC)).next();
        String later = new Tokens(Clock.fixed(Instant.ofEpochMilli(1_800_000_000_001L), ZoneOffset.UTC)).next();
        assertTrue(earlier.compareTo(later) < 0, earlier + " vs " + later);
    }

    @Test
    void malformedTokensAreRecognised() {
        assertTrue(!Tokens.wellFormed("short") && !Tokens.wellFormed("a".repeat(65)) && !Tokens.wellFormed("abc/def0000000000000"));
    }
}
