package dev.durablehooks.durable.local.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Has the SQLite driver load its native library from one copy per driver version and user, kept in a private
 * directory under the temp directory. By default the driver extracts a fresh copy (~1.1 MB, plus a lock file) on every
 * start and deletes it only when the JVM exits normally, so every killed process (a crash drill, {@code kill -9}, the
 * OOM killer, a crash loop) left one behind for good (xerial/sqlite-jdbc#1140): this machine's {@code /tmp} held 2,135
 * of them after a day of benchmarks and restart tests.
 *
 * <p>The directory must be closed to everyone but its owner (0700) and be ours, and the copy must hold exactly the
 * driver's own library, or nothing is set and the driver extracts as it always did: a library another user could
 * replace would run as this process. Likewise on a file system without POSIX permissions, and when
 * {@code org.sqlite.lib.path} was set by whoever started the JVM.
 */
final class SqliteNativeLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private SqliteNativeLibrary() {
    }

    /**
     * Points the driver at the shared copy, making it first if needed. Takes effect only before the driver's first
     * connection in this JVM; later calls change nothing.
     */
    static synchronized void useSharedCopy() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        Path base = Path.of(System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")));
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path directory = base.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + user);
        sharedCopy(directory, name, () -> SQLiteJDBCLoader.class.getResourceAsStream(resource)).ifPresent(copy -> {
            System.setProperty(NAME_PROPERTY, copy.getFileName().toString());
            System.setProperty(PATH_PROPERTY, copy.getParent().toString());
        });
    }

    /**
     * {@code directory/fileName} holding the bytes {@code library} supplies: reused when it already does, written
     * (atomically) when it does not; empty when the directory is not private to this user or cannot be used, or when
     * there is no library to copy.
     */
    static Optional<Path> sharedCopy(Path directory, String fileName, Supplier<InputStream> library) {
        try {
            byte[] wanted;
            try (InputStream in = library.get()) {
                if (in == null) {
                    return Optional.empty();
                }
                wanted = in.readAllBytes();
            }
            if (!isPrivate(directory)) {
                log.debug("{} is not private to this user; the SQLite driver extracts its library as usual", directory);
                return Optional.empty();
            }
            Path copy = directory.resolve(fileName);
            boolean current = Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)
                    && Arrays.equals(Files.readAllBytes(copy), wanted);
            if (current) {
                return Optional.of(copy);
            }
            Path part = Files.createTempFile(directory, fileName, ".part");
            try {
                Files.write(part, wanted);
                Files.move(part, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            return Optional.of(copy);
        } catch (IOException | UncheckedIOException | UnsupportedOperationException | SecurityException e) {
            log.debug("No shared copy of the SQLite library in {}: {}", directory, e.toString());
            return Optional.empty();
        }
    }

    /** Creates it 0700 if missing; true when it is a directory (not a link) of ours that only we can enter. */
    private static boolean isPrivate(Path directory) throws IOException {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // made by an earlier start, or by someone else: the checks below tell
        }
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || !attributes.permissions().equals(OWNER_ONLY)) {
            return false;
        }
        // Ours if a file we create in it has the directory's owner (the effective user, whatever user.name says).
        Path probe = Files.createTempFile(directory, "owner", ".probe");
        try {
            return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS).equals(attributes.owner());
        } finally {
            Files.delete(probe);
        }
    }
}
