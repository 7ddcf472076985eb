package dev.durablehooks.load.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Extra result files of a simulation, written into the Gatling run directory (next to the report's
 * {@code index.html}) so that they travel with the report. Gatling renders its HTML only after the simulation's
 * {@code after()} hook, so the files sit beside the report rather than being linked from inside it.
 */
public final class RunReport {

    private final Path resultsFolder;
    private final String simulationName;

    public RunReport(Path resultsFolder, String simulationName) {
        this.resultsFolder = resultsFolder;
        this.simulationName = simulationName;
    }

    /** Writes {@code fileName} into this run's directory (or the results folder if none is found) and returns it. */
    public Path write(String fileName, String content) {
        Path directory = currentRunDirectory().orElse(resultsFolder);
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(fileName);
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gatling names a run directory {@code <simulation class, lower case>-<timestamp>}; the newest one is ours. */
    Optional<Path> currentRunDirectory() {
        String prefix = simulationName.toLowerCase(Locale.ROOT) + "-";
        if (!Files.isDirectory(resultsFolder)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(resultsFolder)) {
            return entries.filter(Files::isDirectory)
                    .filter(path -> path.getFileName().toString().startsWith(prefix))
                    .max(Comparator.comparing(RunReport::lastModified));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
