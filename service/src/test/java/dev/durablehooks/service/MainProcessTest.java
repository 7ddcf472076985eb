package dev.durablehooks.service;

import dev.durablehooks.service.support.ChildService;
import dev.durablehooks.service.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process as harnesses launch it: the listening line, configuration errors, SIGTERM. */
class MainProcessTest {
    @TempDir
    Path dataDir;

    @Test
    void printsTheRealPortWhenGivenPortZero() throws Exception {
        try (ChildService child = ChildService.start(dataDir, Map.of())) {
            assertTrue(child.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), child.baseUrl());
            assertNotEquals("http://127.0.0.1:0", child.baseUrl());
            assertEquals("UP", Http.getJson(child.baseUrl() + "/health").get("status").asText());
        }
    }

    @Test
    void badConfigurationStopsTheProcessNamingTheVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ChildService.start(dataDir, Map.of("MAX_BACKLOG", "lots")));
        assertTrue(e.getMessage().contains("MAX_BACKLOG"), e.getMessage());
    }

    @Test
    void dynamodbStoreIsRefusedAtStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ChildService.start(dataDir, Map.of("STORE", "dynamodb")));
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void portAlreadyInUseStopsTheProcessNamingPort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ChildService.start(dataDir, Map.of("PORT", Integer.toString(taken.getLocalPort()))));
            assertTrue(e.getMessage().contains("PORT=" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void emptySecretLogsOneWarningAtStart() throws Exception {
        try (ChildService child = ChildService.start(dataDir, Map.of())) {
            // stderr is read on its own thread: the warning may arrive just after the Listening line on stdout
            await().atMost(Duration.ofSeconds(10)).until(() -> child.stderr().contains("WEBHOOK_SECRET is empty"));
            String err = child.stderr();
            assertEquals(1, err.split("WEBHOOK_SECRET is empty", -1).length - 1, err);
        }
    }

    @Test
    void sigtermStopsTheServiceCleanly() throws Exception {
        try (ChildService child = ChildService.start(dataDir, Map.of())) {
            assertEquals(143, child.stop(), "terminated by SIGTERM (within 30 s) after the shutdown hook ran");
        }
    }
}
