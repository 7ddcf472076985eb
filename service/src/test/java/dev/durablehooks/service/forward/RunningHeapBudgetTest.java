package dev.durablehooks.service.forward;

import com.sun.net.httpserver.HttpServer;
import dev.durablehooks.service.support.RunningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MAX_RUNNING_HEAP_BYTES: executions whose estimated heap does not fit beside the running ones wait their turn. Seen
 * from a downstream that counts the forwards it is answering at once.
 */
class RunningHeapBudgetTest {
    private static final int EXECUTIONS = 3;

    @TempDir
    Path dataDir;
    private HttpServer downstream;
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @BeforeEach
    void startDownstream() throws Exception {
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        downstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        downstream.createContext("/hook", exchange -> {
            mostAtOnce.accumulateAndGet(answering.incrementAndGet(), Math::max);
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(400);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                answering.decrementAndGet();
            }
        });
        downstream.start();
    }

    @AfterEach
    void stopDownstream() {
        downstream.stop(0);
    }

    @Test
    void executionsBeyondTheHeapBudgetForwardOneAfterAnother() {
        assertEquals(1, mostForwardsAtOnce(Map.of("MAX_RUNNING_HEAP_BYTES", "1")));
    }

    @Test
    void executionsWithinTheHeapBudgetForwardTogether() {
        assertEquals(EXECUTIONS, mostForwardsAtOnce(Map.of()));
    }

    private int mostForwardsAtOnce(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("FORWARD_URL", "http://127.0.0.1:" + downstream.getAddress().getPort() + "/hook");
        try (RunningService service = RunningService.start(dataDir, all)) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < EXECUTIONS; i++) {
                tokens.add(service.accept("{\"type\":\"order\",\"orderId\":\"" + i + "\"}"));
            }
            tokens.forEach(token -> service.awaitStatus(token, "COMPLETED"));
        }
        return mostAtOnce.get();
    }
}
