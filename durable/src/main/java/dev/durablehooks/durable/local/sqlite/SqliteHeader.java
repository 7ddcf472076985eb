package dev.durablehooks.durable.local.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cheap structural checks of an existing database file before SQLite opens it, so that a file that is not a
 * database, or one that was cut short, is reported at open with the file named instead of failing later.
 * Layout facts from the SQLite file-format documentation (100-byte header, big-endian fields).
 */
final class SqliteHeader {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 100;

    private SqliteHeader() {
    }

    /** Throws {@link DatabaseException} when {@code file} exists, is non-empty, and is not a whole SQLite database. */
    static void check(Path file) {
        try {
            if (!Files.exists(file)) {
                return;
            }
            long size = Files.size(file);
            if (size == 0) {
                return;
            }
            if (size < HEADER_SIZE) {
                throw new DatabaseException("SQLite database " + file + " is truncated or not a database: only "
                        + size + " bytes, shorter than the " + HEADER_SIZE + "-byte header");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                while (header.hasRemaining() && channel.read(header) >= 0) {
                    // read fully
                }
            }
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            header.get(0, magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new DatabaseException("File " + file + " is not an SQLite database (bad header): refusing to open it");
            }
            int rawPageSize = Short.toUnsignedInt(header.getShort(16));
            int pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
            if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
                throw new DatabaseException("SQLite database " + file + " is corrupt: invalid page size " + rawPageSize);
            }
            if (size % pageSize != 0 && !hasWalContent(file)) {
                throw new DatabaseException("SQLite database " + file + " is truncated or corrupt: its size " + size
                        + " is not a multiple of its page size " + pageSize);
            }
            long changeCounter = Integer.toUnsignedLong(header.getInt(24));
            long pageCount = Integer.toUnsignedLong(header.getInt(28));
            long versionValidFor = Integer.toUnsignedLong(header.getInt(92));
            // The in-header size is authoritative only when it was written by the same transaction as the counter.
            boolean headerSizeValid = pageCount > 0 && changeCounter == versionValidFor;
            if (headerSizeValid && size < pageCount * pageSize && !hasWalContent(file)) {
                throw new DatabaseException("SQLite database " + file + " is truncated: " + size + " bytes, but its header says "
                        + pageCount + " pages of " + pageSize + " bytes (" + pageCount * pageSize + " bytes)");
            }
        } catch (IOException e) {
            throw new DatabaseException("Cannot read SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    /** A non-empty write-ahead log may legitimately hold pages the main file does not have yet. */
    private static boolean hasWalContent(Path file) throws IOException {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return Files.exists(wal) && Files.size(wal) > 32;
    }
}
