package dev.durablehooks.service;

import dev.durablehooks.service.support.ChildService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A killed service leaves nothing behind in the temp directory: the SQLite driver's native library is loaded from one
 * shared copy instead of a fresh one per start (which only a normal JVM exit deleted).
 */
class NativeLibraryCopyTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path tmpDir;

    @Test
    void servicesKilledOneAfterAnotherShareOneCopyOfTheSqliteLibrary() throws Exception {
        List<String> jvmArgs = List.of("-Djava.io.tmpdir=" + tmpDir);
        String mapped = null;
        for (int start = 0; start < 3; start++) {
            try (ChildService service = ChildService.start(dataDir, Map.of(), jvmArgs)) {
                Path maps = Path.of("/proc/" + service.pid() + "/maps");
                if (Files.isReadable(maps)) {
                    mapped = Files.readAllLines(maps).stream().filter(l -> l.contains("libsqlitejdbc"))
                            .findFirst().orElse("");
                }
                service.kill();
            }
        }

        List<Path> libraries;
        try (Stream<Path> files = Files.walk(tmpDir)) {
            libraries = files.filter(f -> f.getFileName().toString().contains("libsqlitejdbc")).toList();
        }
        assertEquals(1, libraries.size(), "one copy for all three starts, no lock files: " + libraries);
        Path copy = libraries.get(0);
        assertTrue(copy.getParent().getFileName().toString().startsWith("sqlite-jdbc-"), copy.toString());
        assumeTrue(mapped != null, "no /proc/<pid>/maps here to see which copy the service loaded");
        assertTrue(mapped.endsWith(copy.toString()), "the service ran on the shared copy: " + mapped);
    }
}
