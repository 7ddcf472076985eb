package dev.durablehooks.contract.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.durablehooks.launcher.LaunchedService;
import dev.durablehooks.launcher.ServiceLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the whole suite runs against: a deployment named by {@code -Dwebhook.baseUrl}, or a service this suite starts
 * from the built jar, with WireMock as its downstream. Things only a local target offers (the downstream stub, extra
 * instances with other settings) and things only a known secret allows are asked for through methods that skip the
 * calling test, with the reason, when the target cannot offer them.
 */
public final class ContractTarget implements AutoCloseable {

    /**
     * The secret of the locally started service: a Standard Webhooks style {@code whsec_} secret, so the suite also
     * pins that only that scheme base64-decodes it.
     */
    public static final String LOCAL_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("contract-suite-signing-key-0001".getBytes(StandardCharsets.UTF_8));

    /** Forward settings small enough that retry tests take seconds. */
    public static final int FORWARD_TIMEOUT_MS = 1000;

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final SuiteSettings settings;
    private final ServiceUnderTest main;
    private final Optional<Downstream> downstream;

    private ContractTarget(SuiteSettings settings, ServiceUnderTest main, Optional<Downstream> downstream) {
        this.settings = settings;
        this.main = main;
        this.downstream = downstream;
    }

    public static ContractTarget open(SuiteSettings settings) {
        if (settings.remote()) {
            WebhookApi api = new WebhookApi(settings.baseUrl().orElseThrow(), settings.secret(),
                    settings.requestTimeout());
            System.out.println("[contract-tests] testing the deployment at " + api.baseUrl()
                    + (settings.secret().isPresent() ? " (with its secret)" : " (no secret given: deliveries unsigned)"));
            return new ContractTarget(settings, service(settings, api, Optional.empty()), Optional.empty());
        }
        Downstream downstream = Downstream.start();
        try {
            LaunchedService process = startLocal(settings, "main", defaultEnvironment(downstream));
            WebhookApi api = new WebhookApi(process.baseUrl(), Optional.of(LOCAL_SECRET), settings.requestTimeout());
            System.out.println("[contract-tests] started the service at " + process.baseUrl() + " (log: "
                    + process.logFile().orElseThrow() + "), downstream stub at " + downstream.forwardUrl());
            return new ContractTarget(settings, service(settings, api, Optional.of(process)), Optional.of(downstream));
        } catch (RuntimeException e) {
            downstream.close();
            throw e;
        }
    }

    public SuiteSettings settings() {
        return settings;
    }

    public WebhookApi api() {
        return main.api();
    }

    public StatusPoller poller() {
        return main.poller();
    }

    public boolean isLocal() {
        return !settings.remote();
    }

    /** The downstream stub behind FORWARD_URL; skips the test against a deployment, which has none. */
    public Downstream downstream() {
        assumeTrue(downstream.isPresent(),
                "needs the WireMock downstream behind FORWARD_URL, which only a service started by the suite has");
        return downstream.orElseThrow();
    }

    /** The target's signing secret; skips the test when it is unknown (a deployment without -Dwebhook.secret). */
    public String secret() {
        Optional<String> secret = main.api().secret();
        assumeTrue(secret.isPresent(),
                "needs the target's WEBHOOK_SECRET: pass -Dwebhook.secret=... when testing a deployment");
        return secret.orElseThrow();
    }

    /**
     * Starts one more local service configured like the main one plus {@code overrides} (an empty value clears a
     * variable's effect, e.g. WEBHOOK_SECRET=""); skips the test against a deployment, whose settings are fixed.
     */
    public ServiceUnderTest startDedicated(String name, Map<String, String> overrides) {
        assumeTrue(isLocal(), "needs a service started with special settings (" + overrides.keySet()
                + "), which a deployment under test cannot offer");
        Map<String, String> env = defaultEnvironment(downstream.orElseThrow());
        env.putAll(overrides);
        LaunchedService process = startLocal(settings, name, env);
        String secrets = env.getOrDefault("WEBHOOK_SECRET", "");
        Optional<String> first = secrets.isBlank() ? Optional.empty() : Optional.of(secrets.split(",")[0].strip());
        WebhookApi api = new WebhookApi(process.baseUrl(), first, settings.requestTimeout());
        return service(settings, api, Optional.of(process));
    }

    @Override
    public void close() {
        main.close();
        downstream.ifPresent(Downstream::close);
    }

    private static ServiceUnderTest service(SuiteSettings settings, WebhookApi api, Optional<LaunchedService> p) {
        return new ServiceUnderTest(api, new StatusPoller(api, settings.pollInterval(), settings.pollTimeout()), p);
    }

    /**
     * The service jar as an operator starts it, on PORT=0 and a fresh DATA_DIR (deleted when it is closed), its output
     * in {@code <logDir>/<name>-*.log}.
     */
    private static LaunchedService startLocal(SuiteSettings settings, String name, Map<String, String> env) {
        Path log;
        try {
            Files.createDirectories(settings.logDir());
            log = Files.createTempFile(settings.logDir(), name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a log file in " + settings.logDir(), e);
        }
        return ServiceLauncher.builder()
                .name(name)
                .jar(settings.serviceJar())
                .jvmArgs("-XX:+UseSerialGC", "-Xmx384m")
                .environment(env)
                .logFile(log)
                .startupTimeout(STARTUP_TIMEOUT)
                .build()
                .start();
    }

    private static Map<String, String> defaultEnvironment(Downstream downstream) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WEBHOOK_SECRET", LOCAL_SECRET);
        env.put("FORWARD_URL", downstream.forwardUrl());
        env.put("FORWARD_TIMEOUT_MS", Integer.toString(FORWARD_TIMEOUT_MS));
        env.put("FORWARD_RETRY_INITIAL_SECONDS", "1");
        env.put("FORWARD_RETRY_MAX_SECONDS", "2");
        env.put("FORWARD_MAX_ATTEMPTS", "6");
        env.put("ENVIRONMENT", "contract-tests");
        return env;
    }
}
