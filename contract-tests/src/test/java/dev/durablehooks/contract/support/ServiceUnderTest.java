package dev.durablehooks.contract.support;

import java.util.Optional;

/** A service the suite talks to: its API, a status poller for it, and (when local) its process. */
public record ServiceUnderTest(WebhookApi api, StatusPoller poller, Optional<ServiceProcess> process)
        implements AutoCloseable {

    @Override
    public void close() {
        process.ifPresent(ServiceProcess::close);
    }
}
