package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.exception.InvalidEnvelopeException;
import dev.durablehooks.durable.serde.EnvelopeJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The RequestStreamHandler path: envelope JSON in, {"Status","Result","Error"} out, through the configured client. */
class LambdaEntryPointTest {

    /** Input type from the generic superclass; the backend from createConfiguration(). */
    static final class Greeter extends DurableHandler<List<String>, String> {
        private final FakeDurableExecutionClient service;

        Greeter(FakeDurableExecutionClient service) {
            this.service = service;
        }

        @Override
        protected DurableConfig createConfiguration() {
            return DurableConfig.builder().withDurableExecutionClient(service).build();
        }

        @Override
        public String handleRequest(List<String> names, DurableContext ctx) {
            return ctx.step("greet", String.class, s -> "Hello, " + String.join(" & ", names));
        }
    }

    @Test
    void anEnvelopeIsRunAndTheOutputWrittenAsJson() throws IOException {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("[\"Ada\",\"Grace\"]");
        String envelope = EnvelopeJson.writeInvocationInput(service.nextInvocation());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new Greeter(service).handleRequest(new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)), out, null);

        assertEquals("{\"Error\":null,\"Result\":\"\\\"Hello, Ada & Grace\\\"\",\"Status\":\"SUCCEEDED\"}",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEnvelopeWithoutAnArnFailsTheInvocationWithAClearError() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient("[]");
        byte[] envelope = "{\"CheckpointToken\":\"t\"}".getBytes(StandardCharsets.UTF_8);

        assertThrows(InvalidEnvelopeException.class,
                () -> new Greeter(service).handleRequest(new ByteArrayInputStream(envelope), new ByteArrayOutputStream(), null));
    }

    @Test
    void aGenericHandlerWithoutATypeTokenIsRejectedAtConstruction() {
        class Generic<T> extends DurableHandler<T, String> {
            @Override
            public String handleRequest(T input, DurableContext ctx) {
                return null;
            }
        }
        assertThrows(IllegalStateException.class, Generic::new);
    }
}
