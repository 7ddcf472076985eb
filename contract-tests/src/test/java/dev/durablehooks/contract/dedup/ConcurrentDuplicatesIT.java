package dev.durablehooks.contract.dedup;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.ResponseSchemas;
import dev.durablehooks.contract.support.SignatureScheme;
import dev.durablehooks.contract.support.Signatures;
import dev.durablehooks.contract.support.StatusHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dedup check is atomic: racing identical deliveries produce one token and one execution. */
@ContractTest
class ConcurrentDuplicatesIT {

    private static final int SENDERS = 50;

    @Test
    void fiftyConcurrentIdenticalDeliveriesCreateOneTokenAndOneExecution(ContractTarget target) throws Exception {
        String marker = Payloads.newMarker();
        Delivery d = target.api().signed(Payloads.delivery(Payloads.order(marker))
                .withHeader(Signatures.WEBHOOK_ID, "msg_race_" + marker), SignatureScheme.STANDARD_WEBHOOKS);

        List<ApiResponse> answers = race(target, d);

        assertAll(answers.stream().map(r -> () -> {
            assertEquals(202, r.status(), r::toString);
            ResponseSchemas.ACCEPTED.assertValid(r.json());
        }));
        Set<String> tokens = answers.stream().map(ApiResponse::token).collect(Collectors.toSet());
        assertEquals(1, tokens.size(), () -> "one token for one delivery: " + tokens);
        long firsts = answers.stream().filter(r -> !r.duplicate()).count();
        assertEquals(1, firsts, "exactly one answer is the first delivery, the others are duplicates");

        String token = tokens.iterator().next();
        StatusHistory done = target.poller().awaitCompleted(token);
        for (JsonNode step : done.last().path("steps")) {
            assertEquals(1, step.path("attempts").asInt(), () -> "one execution runs each step once: " + step);
        }
        if (target.isLocal()) {
            assertEquals(1, target.downstream().forwardsFor(marker).size(), "one execution forwards once");
        }
    }

    private static List<ApiResponse> race(ContractTarget target, Delivery d) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiResponse>> futures = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return target.api().deliver(d);
                }));
            }
            go.countDown();
            List<ApiResponse> answers = new ArrayList<>();
            for (Future<ApiResponse> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }
}
