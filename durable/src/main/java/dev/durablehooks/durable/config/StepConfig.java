package dev.durablehooks.durable.config;

import dev.durablehooks.durable.retry.RetryStrategies;
import dev.durablehooks.durable.retry.RetryStrategy;
import dev.durablehooks.durable.serde.SerDes;

import java.util.Objects;

/** Per-step options. {@code serDes} null means the handler's serde. */
public record StepConfig(RetryStrategy retryStrategy, StepSemantics semantics, SerDes serDes) {
    public StepConfig {
        Objects.requireNonNull(retryStrategy, "retryStrategy");
        Objects.requireNonNull(semantics, "semantics");
    }

    /** Exponential backoff (6 attempts, 5 s initial, 60 s cap, full jitter), at-least-once per retry. */
    public static StepConfig defaults() {
        return new StepConfig(RetryStrategies.Presets.DEFAULT, StepSemantics.AT_LEAST_ONCE_PER_RETRY, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private RetryStrategy retryStrategy = RetryStrategies.Presets.DEFAULT;
        private StepSemantics semantics = StepSemantics.AT_LEAST_ONCE_PER_RETRY;
        private SerDes serDes;

        public Builder retryStrategy(RetryStrategy retryStrategy) {
            this.retryStrategy = retryStrategy;
            return this;
        }

        public Builder semanticsPerRetry(StepSemantics semantics) {
            this.semantics = semantics;
            return this;
        }

        public Builder serDes(SerDes serDes) {
            this.serDes = serDes;
            return this;
        }

        public StepConfig build() {
            return new StepConfig(retryStrategy, semantics, serDes);
        }
    }
}
