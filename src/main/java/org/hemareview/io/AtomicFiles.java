package org.hemareview.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file completely or not at all: to a temporary sibling, then an atomic rename. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What a streamed write puts into the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    public static void write(Path target, byte[] data) throws IOException {
        write(target, out -> out.write(data));
    }

    /** Streams {@code content} into the file (nothing held in memory); a failure part-way leaves the old file, or none. */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // a plain create, not createTempFile: the file gets the user's umask (a shared export must be
        // readable by the group where the umask allows), not createTempFile's owner-only 0600
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".part");
        try {
            try (java.io.OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
