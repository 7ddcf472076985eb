package dev.durablehooks.service.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service's {@code Main} in a child JVM (the test classpath), so that tests can kill it like {@code kill -9}. */
public final class ChildService implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on (http://\\S+)");

    private final Process process;
    private final String baseUrl;
    private final Path stderr;

    private ChildService(Process process, String baseUrl, Path stderr) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.stderr = stderr;
    }

    public static ChildService start(Path dataDir, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.durablehooks.service.Main"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("PORT", "0");
        pb.environment().put("DATA_DIR", dataDir.toString());
        pb.environment().putAll(env);
        Path err = Files.createTempFile("child-service", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String base;
        try {
            base = url.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            base = null;
        }
        if (base == null) {
            p.destroyForcibly();
            throw new IllegalStateException("child service did not start: " + Files.readString(err));
        }
        return new ChildService(p, base, err);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Process process() {
        return process;
    }

    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** Like {@code kill -9}: no shutdown hooks, no flushing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean waitForExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
        Files.deleteIfExists(stderr);
    }
}
