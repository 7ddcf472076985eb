package dev.durablehooks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLauncherTest {
    @TempDir
    Path tmp;

    private ServiceLauncher.Builder fake(String mode) {
        return ServiceLauncher.builder()
                .name("fake")
                .mainClass(FakeService.class.getName(), System.getProperty("java.class.path"))
                .jvmArgs("-Xmx32m", "-XX:TieredStopAtLevel=1")
                .putEnvironment("FAKE_MODE", mode)
                .startupTimeout(Duration.ofSeconds(30));
    }

    @Test
    void startsOnAFreePortAndStopsGracefully() throws Exception {
        Path log = tmp.resolve("logs/fake.log");
        List<String> stderr = new CopyOnWriteArrayList<>();
        LaunchedService service = fake("listen").logFile(log)
                .outputListener((stream, line) -> {
                    if (stream == ServiceLauncher.Stream.STDERR) {
                        stderr.add(line);
                    }
                })
                .build().start();
        Path dataDir = service.dataDir();
        try (service) {
            URI url = service.baseUrl();
            assertEquals("127.0.0.1", url.getHost());
            assertNotEquals(0, url.getPort());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
            }
            assertTrue(service.isAlive());
            assertTrue(ProcessHandle.of(service.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(Files.isDirectory(dataDir), "a fresh temp data dir");
            assertTrue(service.lastOutput().contains("out| env DATA_DIR=" + dataDir), service.lastOutput().toString());

            assertEquals(143, service.stop(), "SIGTERM");
            assertFalse(service.isAlive());
            assertEquals(List.of("shutdown hook ran"), stderr, "graceful: the child's shutdown hook ran");
        }
        assertFalse(Files.exists(dataDir), "close() deletes the data dir the launcher created");
        List<String> logged = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertTrue(logged.get(0).startsWith("=== fake pid " + service.pid() + " started "), logged.get(0));
        assertTrue(logged.contains("out| Listening on " + service.baseUrl()), logged.toString());
        assertTrue(logged.contains("err| shutdown hook ran"), logged.toString());
        assertTrue(logged.get(logged.size() - 1).contains("exited with code 143"), logged.toString());
    }

    @Test
    void killIsLikeKillMinusNine() throws Exception {
        try (LaunchedService service = fake("listen").build().start()) {
            assertEquals(137, service.kill());
            assertFalse(service.isAlive());
            assertFalse(service.lastOutput().contains("err| shutdown hook ran"), "SIGKILL: no shutdown hook");
            assertEquals(OptionalInt.of(137), service.awaitExit(Duration.ZERO));
            assertEquals(137, service.stop(), "stopping an exited service returns its exit code");
        }
    }

    @Test
    void stopFallsBackToSigkillAfterTheStopTimeout() {
        try (LaunchedService service = fake("slow-stop").stopTimeout(Duration.ofMillis(1500)).build().start()) {
            long started = System.nanoTime();
            assertEquals(137, service.stop());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 1400);
            assertTrue(service.lastOutput().contains("err| shutdown hook ran"), "SIGTERM came first");
        }
    }

    @Test
    void givenDataDirEnvironmentAndPortReachTheChildAndTheDataDirIsKept() throws Exception {
        Path dataDir = Files.createDirectories(tmp.resolve("data"));
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (LaunchedService service = fake("listen").dataDir(dataDir).port(port)
                .environment(Map.of("FAKE_MODE", "listen", "FAKE_EXTRA", "")).build().start()) {
            assertEquals(URI.create("http://127.0.0.1:" + port), service.baseUrl());
            assertEquals(dataDir, service.dataDir());
            List<String> out = service.lastOutput();
            assertTrue(out.contains("out| env DATA_DIR=" + dataDir), out.toString());
            assertTrue(out.contains("out| env FAKE_EXTRA="), "an empty value is passed on: " + out);
            assertTrue(out.contains("out| env JAVA_TOOL_OPTIONS=null"), out.toString());
        }
        assertTrue(Files.isDirectory(dataDir), "a data dir the caller gave survives close()");
    }

    @Test
    void environmentWinsOverPortAndDataDir() throws Exception {
        Path dataDir = Files.createDirectories(tmp.resolve("from-env"));
        try (LaunchedService service = fake("listen").port(1)
                .putEnvironment("PORT", "0").putEnvironment("DATA_DIR", dataDir.toString()).build().start()) {
            assertNotEquals(1, service.baseUrl().getPort());
            assertEquals(dataDir, service.dataDir());
        }
        assertTrue(Files.isDirectory(dataDir));
    }

    @Test
    void wildcardBindAddressIsReportedAsLoopback() {
        try (LaunchedService service = fake("listen").bindAddress("0.0.0.0").build().start()) {
            assertEquals("127.0.0.1", service.baseUrl().getHost());
        }
    }

    @Test
    void exitBeforeListeningFailsWithTheExitCodeAndTheLastLines() {
        Path log = tmp.resolve("early.log");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fake("exit").logFile(log).build().start());
        String message = e.getMessage();
        assertTrue(message.contains("fake exited with code 2 before it printed 'Listening on http://...'"), message);
        assertTrue(message.contains("err| Configuration error: FAKE_SETTING must be a number"), message);
        assertTrue(message.contains(log.toAbsolutePath().toString()), message);
        String dataDir = message.lines().filter(l -> l.contains("env DATA_DIR=")).findFirst().orElseThrow()
                .replaceFirst(".*env DATA_DIR=", "");
        assertFalse(Files.exists(Path.of(dataDir)), "the temp data dir of a failed start is deleted");
    }

    @Test
    void noListeningLineWithinTheTimeoutKillsTheChild() {
        List<Long> pids = new CopyOnWriteArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fake("silent")
                .startupTimeout(Duration.ofSeconds(2))
                .outputListener((stream, line) -> ProcessHandle.current().children()
                        .forEach(child -> pids.add(child.pid())))
                .build().start());
        assertTrue(e.getMessage().contains("did not print 'Listening on http://...' within PT2S, so it was killed"),
                e.getMessage());
        assertTrue(e.getMessage().contains("out| env FAKE_EXTRA=null"), e.getMessage());
        assertFalse(pids.isEmpty());
        pids.forEach(pid -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void missingJarNamesThePathAndTheBuildCommand() {
        Path jar = tmp.resolve("service/target/webhook-service.jar");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServiceLauncher.builder().jar(jar).build());
        assertEquals("service jar not found: " + jar.toAbsolutePath() + " does not exist; build it first: run "
                + "`mvn -q -DskipTests package` in the project root", e.getMessage());
    }

    @Test
    void aJarDeletedAfterBuildIsReportedByStart() throws Exception {
        Path jar = Files.createFile(tmp.resolve("webhook-service.jar"));
        ServiceLauncher launcher = ServiceLauncher.builder().jar(jar).build();
        Files.delete(jar);
        IllegalStateException e = assertThrows(IllegalStateException.class, launcher::start);
        assertTrue(e.getMessage().startsWith("service jar not found: " + jar.toAbsolutePath()), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -q -DskipTests package"), e.getMessage());
    }

    @Test
    void nothingToLaunchIsRefusedAtBuild() {
        assertThrows(IllegalStateException.class, () -> ServiceLauncher.builder().build());
    }

    @Test
    void onExitCompletesAfterEveryLineWasDelivered() throws Exception {
        List<String> stderr = new CopyOnWriteArrayList<>();
        try (LaunchedService service = fake("halt").outputListener((stream, line) -> {
            if (stream == ServiceLauncher.Stream.STDERR) {
                stderr.add(line);
            }
        }).build().start()) {
            int code = service.onExit().get(30, TimeUnit.SECONDS);
            assertEquals(137, code);
            assertEquals(List.of("CHAOS halt step=process"), stderr);
        }
    }

    @Test
    void aLauncherIsAnImmutableValueThatCanBeDerived() {
        ServiceLauncher base = fake("listen").putEnvironment("A", "1").build();
        ServiceLauncher derived = base.toBuilder().putEnvironment("B", "2").name("other").build();
        assertEquals(Map.of("FAKE_MODE", "listen", "A", "1"), base.environment());
        assertEquals(Map.of("FAKE_MODE", "listen", "A", "1", "B", "2"), derived.environment());
        assertEquals("fake", base.name());
        assertThrows(UnsupportedOperationException.class, () -> base.environment().put("C", "3"));
    }
}
