package dev.durablehooks.durable.execution;

import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.client.FakeDurableExecutionClient;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static dev.durablehooks.durable.execution.TestHandlers.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServiceErrorTest {
    static final DurableHandler<Void, String> ONE_STEP =
            handler(Void.class, (in, ctx) -> ctx.step("s", String.class, s -> "v"));

    @Test
    void checkpointsChainTokensUsingTheNewestOneEachTime() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        InvocationInput input = service.nextInvocation();

        InvocationOutput output = handler(Void.class, (in, ctx) -> IntStream.rangeClosed(1, 3)
                .mapToObj(i -> ctx.step("s" + i, String.class, s -> "v" + i)).toList().toString())
                .handle(input, service);

        assertEquals(InvocationStatus.SUCCEEDED, output.status());
        assertEquals(input.checkpointToken(), service.checkpointTokensUsed().getFirst());
        assertEquals(3, service.checkpointTokensUsed().stream().distinct().count(), "each call uses a fresh token");
    }

    @Test
    void aThrottledCheckpointIsThrownSoTheInvocationIsRetried() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        DurableServiceException throttled = new DurableServiceException("TooManyRequestsException", 429, "slow down");
        service.failNextCall(throttled);

        assertSame(throttled, assertThrows(DurableServiceException.class, () -> ONE_STEP.handle(service.nextInvocation(), service)));
    }

    @Test
    void aServerErrorIsThrownSoTheInvocationIsRetried() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        service.failNextCall(new DurableServiceException("ServiceException", 500, "internal"));

        assertThrows(DurableServiceException.class, () -> ONE_STEP.handle(service.nextInvocation(), service));
    }

    @Test
    void aStaleTokenIsThrownSoTheInvocationIsRetriedWithFreshState() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        InvocationInput stale = service.nextInvocation();
        service.nextInvocation(); // a newer invocation took over; the first one's token is dead

        DurableServiceException e = assertThrows(DurableServiceException.class, () -> ONE_STEP.handle(stale, service));
        assertEquals(FakeDurableExecutionClient.INVALID_TOKEN, e.errorCode());
    }

    @Test
    void aNonRetryableClientErrorFailsTheExecutionWithTheServiceErrorCode() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        service.failNextCall(new DurableServiceException("InvalidParameterValueException", 400, "payload too large"));

        InvocationOutput output = ONE_STEP.handle(service.nextInvocation(), service);

        assertEquals(InvocationStatus.FAILED, output.status());
        assertEquals("InvalidParameterValueException", output.error().errorType());
        assertEquals("payload too large", output.error().errorMessage());
    }

    @Test
    void aKmsErrorFailsTheExecutionEvenWhenItComesAsA502() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        service.failNextCall(new DurableServiceException("KMSDisabledException", 502, "key disabled"));

        assertEquals(InvocationStatus.FAILED, ONE_STEP.handle(service.nextInvocation(), service).status());
    }

    @Test
    void catchingAServiceErrorInUserCodeStillEndsTheInvocationWithIt() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null);
        service.failNextCall(new DurableServiceException("ServiceException", 503, "unavailable"));
        DurableHandler<Void, String> swallowing = handler(Void.class, (in, ctx) -> {
            try {
                return ctx.step("s", String.class, s -> "v");
            } catch (DurableServiceException e) {
                return "pretend it worked";
            }
        });

        assertThrows(DurableServiceException.class, () -> swallowing.handle(service.nextInvocation(), service));
    }

    @Test
    void aFailingStatePageCallIsClassifiedLikeACheckpoint() {
        FakeDurableExecutionClient service = new FakeDurableExecutionClient(null, 1)
                .withStored(TestHandlers.succeededStep(1, "s", "\"v\""));
        service.failNextCall(new DurableServiceException("ServiceException", 500, "internal"));

        assertThrows(DurableServiceException.class, () -> ONE_STEP.handle(service.nextInvocation(), service));
    }
}
