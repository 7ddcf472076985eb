package dev.durablehooks.service.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private static ServiceConfig load(Map<String, String> env) {
        return new ConfigLoader(env, () -> 42L, 4L << 30).load();
    }

    private static ConfigException refused(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> load(env));
    }

    @Test
    void defaultsMatchTheContract() {
        ServiceConfig c = load(Map.of());
        assertEquals(8080, c.port());
        assertEquals("127.0.0.1", c.bindAddress());
        assertEquals(Path.of("./data"), c.dataDir());
        assertEquals(Path.of("./data/webhooks.db"), c.databaseFile());
        assertEquals(List.of(), c.secrets());
        assertEquals(262_144, c.maxBodyBytes());
        assertEquals(Duration.ofDays(7), c.retention());
        assertEquals(Duration.ofDays(4), c.dedupWindow());
        assertTrue(c.forwardUrl().isEmpty());
        assertEquals(Duration.ofMillis(5000), c.forwardTimeout());
        assertEquals(6, c.forwardMaxAttempts());
        assertEquals(Duration.ofSeconds(5), c.forwardRetryInitial());
        assertEquals(Duration.ofSeconds(60), c.forwardRetryMax());
        assertEquals(250_000, c.maxBacklog());
        assertEquals(1L << 30, c.maxBacklogBytes(), "a quarter of the heap");
        assertEquals((1L << 32) / 8 / 48, c.maxIntakeBytes(), "an eighth of the heap at 48 bytes per body byte");
        assertEquals(1L << 30, c.maxRunningHeapBytes(), "a quarter of the heap");
        assertEquals(64, c.maxConcurrentExecutions());
        assertEquals(Duration.ofSeconds(60), c.sweepInterval());
        assertTrue(c.chaos().isEmpty());
    }

    @Test
    void badPortIsRefusedNamingPort() {
        assertEquals("PORT", refused(Map.of("PORT", "eighty")).variable());
        assertEquals("PORT", refused(Map.of("PORT", "70000")).variable());
    }

    @Test
    void everyNumericVariableIsCheckedByName() {
        for (String name : List.of("MAX_BODY_BYTES", "RETENTION_DAYS", "RETENTION_SECONDS", "DEDUP_DAYS",
                "FORWARD_TIMEOUT_MS", "FORWARD_MAX_ATTEMPTS", "FORWARD_RETRY_INITIAL_SECONDS",
                "FORWARD_RETRY_MAX_SECONDS", "MAX_BACKLOG", "MAX_BACKLOG_BYTES", "MAX_INTAKE_BYTES",
                "MAX_RUNNING_HEAP_BYTES", "MAX_CONCURRENT_EXECUTIONS", "SWEEP_INTERVAL_SECONDS")) {
            ConfigException e = refused(Map.of(name, "-1"));
            assertEquals(name, e.variable());
            assertTrue(e.getMessage().startsWith(name), e.getMessage());
        }
    }

    @Test
    void executionsThatForwardMayRunEightTimesAsManyAtOnceByDefault() {
        assertEquals(512, load(Map.of("FORWARD_URL", "http://127.0.0.1:9/hook")).maxConcurrentExecutions());
        assertEquals(16, load(Map.of("FORWARD_URL", "http://127.0.0.1:9/hook", "MAX_CONCURRENT_EXECUTIONS", "16"))
                .maxConcurrentExecutions());
    }

    @Test
    void dynamodbStoreIsRefusedAsNotSupportedYet() {
        ConfigException e = refused(Map.of("STORE", "dynamodb"));
        assertEquals("STORE", e.variable());
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void unknownStoreIsRefused() {
        assertEquals("STORE", refused(Map.of("STORE", "postgres")).variable());
    }

    @Test
    void retentionSecondsOverridesRetentionDays() {
        assertEquals(Duration.ofSeconds(30), load(Map.of("RETENTION_DAYS", "3", "RETENTION_SECONDS", "30")).retention());
    }

    @Test
    void secretsAreACommaSeparatedListForRotation() {
        assertEquals(List.of("a", "whsec_b"), load(Map.of("WEBHOOK_SECRET", "a, whsec_b")).secrets());
        assertEquals("WEBHOOK_SECRET", refused(Map.of("WEBHOOK_SECRET", "a,,b")).variable());
    }

    @Test
    void forwardUrlMustBeAnAbsoluteHttpUrl() {
        assertEquals("FORWARD_URL", refused(Map.of("FORWARD_URL", "ftp://x/y")).variable());
        assertEquals("FORWARD_URL", refused(Map.of("FORWARD_URL", "not a url")).variable());
        assertTrue(load(Map.of("FORWARD_URL", "http://127.0.0.1:9/x")).forwardUrl().isPresent());
    }

    @Test
    void retryMaxBelowInitialIsRefused() {
        assertEquals("FORWARD_RETRY_MAX_SECONDS", refused(Map.of("FORWARD_RETRY_INITIAL_SECONDS", "10",
                "FORWARD_RETRY_MAX_SECONDS", "5")).variable());
    }

    @Test
    void chaosIsOffByDefaultAndParsedWhenSet() {
        ServiceConfig c = load(Map.of("CHAOS_FAULTS", "process:after-side-effect:0.5", "CHAOS_SEED", "7"));
        assertTrue(c.chaos().isPresent());
        assertEquals(7L, c.chaos().get().seed());
        assertEquals(42L, load(Map.of("CHAOS_FAULTS", "*:before-side-effect:1")).chaos().get().seed(),
                "without CHAOS_SEED the seed comes from the random source");
    }

    @Test
    void chaosIsRefusedInProduction() {
        for (String env : List.of("prod", "production", "PROD")) {
            ConfigException e = refused(Map.of("CHAOS_FAULTS", "*:before-side-effect:1", "ENVIRONMENT", env));
            assertEquals("CHAOS_FAULTS", e.variable());
        }
    }

    @Test
    void badChaosSpecIsRefusedNamingTheVariable() {
        for (String spec : List.of("process", "process:during:0.5", "deploy:before-side-effect:0.5",
                "process:after-checkpoint:1.5", "process:after-checkpoint:x")) {
            assertEquals("CHAOS_FAULTS", refused(Map.of("CHAOS_FAULTS", spec)).variable(), spec);
        }
        assertEquals("CHAOS_SEED", refused(Map.of("CHAOS_FAULTS", "*:after-checkpoint:1", "CHAOS_SEED", "x")).variable());
    }

    @Test
    void blankValuesMeanDefaults() {
        assertFalse(load(Map.of("FORWARD_URL", "", "WEBHOOK_SECRET", "")).signaturesRequired());
    }
}
