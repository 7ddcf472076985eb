package dev.durablehooks.contract.support;

import dev.durablehooks.launcher.LaunchedService;
import java.util.Optional;

/** A service the suite talks to: its API, a status poller for it, and (when local) its process. */
public record ServiceUnderTest(WebhookApi api, StatusPoller poller, Optional<LaunchedService> process)
        implements AutoCloseable {

    @Override
    public void close() {
        process.ifPresent(LaunchedService::close);
    }
}
