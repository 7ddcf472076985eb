package dev.durablehooks.load.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.durablehooks.load.config.LoadProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceTargetTest {

    private static ServiceTarget target(Map<String, String> values) {
        return ServiceTarget.fromProperties(new LoadProperties(values::get), "Test");
    }

    @Test
    void aLocallyStartedServiceAlwaysGetsASecretSoRequestsAreSigned() {
        ServiceTarget local = target(Map.of());
        assertTrue(local.isLocal());
        assertTrue(local.secret().orElseThrow().startsWith("whsec_"));
    }

    @Test
    void aDeploymentWithoutAGivenSecretIsSentUnsignedRequests() {
        ServiceTarget remote = target(Map.of("webhook.baseUrl", "https://abc.execute-api.eu-west-1.amazonaws.com/prod/"));
        assertFalse(remote.isLocal());
        assertTrue(remote.secret().isEmpty());
    }

    @Test
    void aBaseUrlMustBeHttp() {
        assertThrows(IllegalArgumentException.class, () -> target(Map.of("webhook.baseUrl", "ftp://host/x")));
        assertThrows(IllegalArgumentException.class, () -> target(Map.of("webhook.baseUrl", "not a url")));
    }

    @Test
    void serviceEnvironmentEntriesAreSeparatedBySemicolonsSoValuesMayHoldCommas() {
        assertEquals(Map.of("WEBHOOK_SECRET", "a,b", "MAX_BACKLOG", "10"),
                ServiceTarget.parseEnvironment("WEBHOOK_SECRET=a,b; MAX_BACKLOG=10"));
        assertThrows(IllegalArgumentException.class, () -> ServiceTarget.parseEnvironment("NOVALUE"));
    }

    @Test
    void urlsAreOnlyAvailableOnceTheTargetIsStarted() {
        assertThrows(IllegalStateException.class, () -> target(Map.of()).url("/webhook"));
    }
}
