package dev.durablehooks.durable.local.sqlite;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SqliteNativeLibraryTest {
    private static final byte[] LIBRARY = "not really a shared object".getBytes(StandardCharsets.UTF_8);
    private static final Supplier<InputStream> SUPPLIED = () -> new ByteArrayInputStream(LIBRARY);

    @TempDir
    Path temp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    }

    @Test
    void writesTheLibraryIntoANewDirectoryOnlyItsOwnerMayEnter() throws Exception {
        Path directory = temp.resolve("shared");

        Optional<Path> copy = SqliteNativeLibrary.sharedCopy(directory, "libsqlitejdbc.so", SUPPLIED);

        assertEquals(Optional.of(directory.resolve("libsqlitejdbc.so")), copy);
        assertArrayEquals(LIBRARY, Files.readAllBytes(copy.orElseThrow()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    }

    @Test
    void reusesAnIdenticalCopyInsteadOfWritingAnother() throws Exception {
        Path directory = temp.resolve("shared");
        Path first = SqliteNativeLibrary.sharedCopy(directory, "libsqlitejdbc.so", SUPPLIED).orElseThrow();
        Object inode = Files.readAttributes(first, BasicFileAttributes.class).fileKey();

        Path second = SqliteNativeLibrary.sharedCopy(directory, "libsqlitejdbc.so", SUPPLIED).orElseThrow();

        assertEquals(first, second);
        assertEquals(inode, Files.readAttributes(second, BasicFileAttributes.class).fileKey());
        try (var files = Files.list(directory)) {
            assertEquals(1, files.count(), "no second copy, no leftover part or probe file");
        }
    }

    @Test
    void replacesACopyWithOtherBytes() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(directory.resolve("libsqlitejdbc.so"), "truncated or from another build");

        Path copy = SqliteNativeLibrary.sharedCopy(directory, "libsqlitejdbc.so", SUPPLIED).orElseThrow();

        assertArrayEquals(LIBRARY, Files.readAllBytes(copy));
    }

    @Test
    void refusesADirectoryOthersMayWriteTo() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertEquals(Optional.empty(), SqliteNativeLibrary.sharedCopy(directory, "libsqlitejdbc.so", SUPPLIED));
        assertFalse(Files.exists(directory.resolve("libsqlitejdbc.so")));
    }

    @Test
    void refusesASymbolicLinkInPlaceOfTheDirectory() throws Exception {
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path directory = Files.createSymbolicLink(temp.resolve("shared"), elsewhere);

        assertEquals(Optional.empty(), SqliteNativeLibrary.sharedCopy(directory, "libsqlitejdbc.so", SUPPLIED));
        try (var files = Files.list(elsewhere)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void leavesTheDriverAloneWhenItHasNoLibraryForThisPlatform() {
        Path directory = temp.resolve("shared");

        assertEquals(Optional.empty(), SqliteNativeLibrary.sharedCopy(directory, "libsqlitejdbc.so", () -> null));
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsNoDirectory() throws Exception {
        Path directory = Files.writeString(temp.resolve("shared"), "a file");

        assertEquals(Optional.empty(), SqliteNativeLibrary.sharedCopy(directory, "libsqlitejdbc.so", SUPPLIED));
        assertTrue(Files.isRegularFile(directory));
    }
}
