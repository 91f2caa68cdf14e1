package org.hemareview.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time on a registry folder, across threads and processes (a window and a
 * {@code hemareview models} run): a lock in this JVM, then an OS file lock on {@code .registry.lock}.
 * Java's file locks are per process, so the JVM lock keeps two threads from asking twice.
 */
final class RegistryLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> inProcess = new ConcurrentHashMap<>();

    private RegistryLock() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    static <T> T hold(Path dir, Work<T> work) throws IOException {
        ReentrantLock local = inProcess.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                return work.run(); // re-entered (open registers the bundled model): the file lock is already ours
            }
            try (FileChannel ch = FileChannel.open(dir.resolve(".registry.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                return work.run();
            }
        } finally {
            local.unlock();
        }
    }
}
