package dev.durablehooks.contract.support;

import java.time.Instant;

/** The schemes a sender may sign with; {@link #sign} makes a valid signature for the given secret at a time. */
public enum SignatureScheme {
    STANDARD_WEBHOOKS {
        @Override
        public Delivery sign(Delivery d, String secret, Instant at) {
            return Signatures.signStandardWebhooks(d, secret, at);
        }
    },
    GITHUB {
        @Override
        public Delivery sign(Delivery d, String secret, Instant at) {
            return Signatures.signGitHub(d, secret);
        }
    },
    STRIPE {
        @Override
        public Delivery sign(Delivery d, String secret, Instant at) {
            return Signatures.signStripe(d, secret, at);
        }
    };

    public abstract Delivery sign(Delivery d, String secret, Instant at);

    public Delivery sign(Delivery d, String secret) {
        return sign(d, secret, Instant.now());
    }
}
