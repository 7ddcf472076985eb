package dev.durablehooks.chaos.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start the service as a child process: the java binary, JVM options, the jar, the environment shared by
 * every start (DATA_DIR, PORT, FORWARD_URL, ...), and the file its output is copied to.
 */
public record ServiceLaunch(String javaCommand, List<String> jvmOptions, Path jar, Map<String, String> environment,
                            Path logFile) {
    public ServiceLaunch {
        Objects.requireNonNull(javaCommand, "javaCommand");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(jar, "jar");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(logFile, "logFile");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("service jar not found: " + jar.toAbsolutePath()
                    + " (build it with: mvn -q -pl service -am package -DskipTests)");
        }
    }

    /** The java binary running this drill, so the child gets the same JDK. */
    public static String currentJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
