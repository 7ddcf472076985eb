package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.client.LambdaDurableExecutionClient;
import dev.durablehooks.durable.serde.JacksonSerDes;
import dev.durablehooks.durable.serde.SerDes;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a {@link DurableHandler} runs: the serde for user data (handler input/output, step results) and, for the
 * Lambda entry point only, the backend client. The local service passes its own client to
 * {@link DurableHandler#handle}, so {@code clientFactory} is not used there.
 *
 * @param serDes        user-data serde; default {@link JacksonSerDes}
 * @param clientFactory creates the backend client on the first Lambda invocation; default: the AWS SDK v2 Lambda client
 */
public record DurableConfig(SerDes serDes, Supplier<DurableExecutionClient> clientFactory) {
    public DurableConfig {
        Objects.requireNonNull(serDes, "serDes");
        Objects.requireNonNull(clientFactory, "clientFactory");
    }

    public static DurableConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private SerDes serDes;
        private Supplier<DurableExecutionClient> clientFactory = LambdaDurableExecutionClient::create;

        public Builder withSerDes(SerDes serDes) {
            this.serDes = Objects.requireNonNull(serDes, "serDes");
            return this;
        }

        public Builder withDurableExecutionClient(DurableExecutionClient client) {
            Objects.requireNonNull(client, "client");
            this.clientFactory = () -> client;
            return this;
        }

        public Builder withDurableExecutionClientFactory(Supplier<DurableExecutionClient> factory) {
            this.clientFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        public DurableConfig build() {
            return new DurableConfig(serDes == null ? new JacksonSerDes() : serDes, clientFactory);
        }
    }
}
