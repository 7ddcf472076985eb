package dev.durablehooks.service.store;

import java.util.Arrays;
import java.util.Objects;

/** A dedup key's owner: the first delivery's token and the digest of its raw body. */
public record DedupClaim(String token, byte[] bodySha256) {
    public DedupClaim {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(bodySha256, "bodySha256");
    }

    /** What this claim makes of a later delivery with the same key and body digest {@code otherSha256}. */
    public AcceptOutcome.Duplicate duplicateFor(byte[] otherSha256) {
        return new AcceptOutcome.Duplicate(token, Arrays.equals(bodySha256, otherSha256));
    }
}
