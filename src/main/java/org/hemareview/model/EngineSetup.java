package org.hemareview.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The PyTorch engine's first start: DJL unpacks its natives (about 425 MB) into its cache folder,
 * which takes some 20 s on 2 cores. The CLI says so in one line and the window shows a splash, so
 * nobody waits in silence.
 */
public final class EngineSetup {
    public static final String NOTICE = "Preparing the PyTorch engine for its first use (unpacking its libraries, about 20 s; later starts skip this)\u2026";

    private EngineSetup() {
    }

    /** DJL's cache folder: DJL_CACHE_DIR (property or environment), else ~/.djl.ai. */
    static Path cacheFolder() {
        String dir = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".djl.ai");
    }

    /** Whether the natives still have to be unpacked (no unpacked libtorch in the cache). */
    public static boolean firstStart() {
        Path pytorch = cacheFolder().resolve("pytorch");
        try (var s = Files.list(pytorch)) {
            return s.noneMatch(d -> Files.isDirectory(d) && hasLibtorch(d));
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static boolean hasLibtorch(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().startsWith("libtorch"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The notice to show, when it applies. */
    public static Optional<String> notice() {
        return firstStart() ? Optional.of(NOTICE) : Optional.empty();
    }

    /** Loads the engine now (unpacking on a first start); safe to call from any thread, more than once. */
    public static void warmUp() {
        ai.djl.engine.Engine.getInstance();
    }
}
