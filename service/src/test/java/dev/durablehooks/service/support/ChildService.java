package dev.durablehooks.service.support;

import dev.durablehooks.launcher.LaunchedService;
import dev.durablehooks.launcher.ServiceLauncher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The service's {@code Main} in a child JVM (the test classpath), started by the service-launcher, so that tests can
 * kill it like {@code kill -9}. Adds what these tests read on top of {@link LaunchedService}: the base URL as a string
 * and everything the service printed on stderr.
 */
public final class ChildService implements AutoCloseable {
    private final LaunchedService service;
    private final StringBuffer stderr;

    private ChildService(LaunchedService service, StringBuffer stderr) {
        this.service = service;
        this.stderr = stderr;
    }

    /** Starts it on PORT=0 and {@code dataDir}, {@code env} on top; returns once it listens. */
    public static ChildService start(Path dataDir, Map<String, String> env) {
        return start(dataDir, env, List.of());
    }

    /** {@link #start(Path, Map)} with more JVM options. */
    public static ChildService start(Path dataDir, Map<String, String> env, List<String> moreJvmArgs) {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m", "--enable-native-access=ALL-UNNAMED"));
        jvmArgs.addAll(moreJvmArgs);
        StringBuffer stderr = new StringBuffer();
        LaunchedService service = ServiceLauncher.builder()
                .name("child-service")
                .mainClass("dev.durablehooks.service.Main", System.getProperty("java.class.path"))
                .jvmArgs(jvmArgs)
                .dataDir(dataDir)
                .environment(env)
                .outputListener((stream, line) -> {
                    if (stream == ServiceLauncher.Stream.STDERR) {
                        stderr.append(line).append('\n');
                    }
                })
                .startupTimeout(Duration.ofSeconds(60))
                .stopTimeout(Duration.ofSeconds(30))
                .build()
                .start();
        return new ChildService(service, stderr);
    }

    public String baseUrl() {
        return service.baseUrl().toString();
    }

    public long pid() {
        return service.pid();
    }

    /** What it printed on stderr so far (all of it once {@link #awaitExit} saw the exit). */
    public String stderr() {
        return stderr.toString();
    }

    /** Like {@code kill -9}: no shutdown hooks, no flushing. */
    public void kill() {
        service.kill();
    }

    /** SIGTERM (SIGKILL only after 30 s); its exit code. */
    public int stop() {
        return service.stop();
    }

    /** Its exit code once it exited within {@code atMost}; empty while it runs. */
    public OptionalInt awaitExit(Duration atMost) throws InterruptedException {
        return service.awaitExit(atMost);
    }

    /** Kills it if it still runs: the tests need no graceful stop at the end. */
    @Override
    public void close() {
        service.kill();
        service.close();
    }
}
