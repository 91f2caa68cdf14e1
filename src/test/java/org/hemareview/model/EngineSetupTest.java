package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first-start notice appears exactly while DJL's cache holds no unpacked libtorch. */
class EngineSetupTest {
    @TempDir
    Path cache;
    private final String before = System.getProperty("DJL_CACHE_DIR");

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("DJL_CACHE_DIR");
        } else {
            System.setProperty("DJL_CACHE_DIR", before);
        }
    }

    @Test
    void anEmptyCacheIsAFirstStartAndAnUnpackedLibtorchIsNot() throws Exception {
        System.setProperty("DJL_CACHE_DIR", cache.toString());
        assertTrue(EngineSetup.firstStart(), "no pytorch folder at all");
        Path version = Files.createDirectories(cache.resolve("pytorch/2.5.1-cpu-linux-x86_64"));
        assertTrue(EngineSetup.firstStart(), "a version folder without its libraries (an interrupted unpack)");
        assertEquals(Optional.of(EngineSetup.NOTICE), EngineSetup.notice());
        Files.writeString(version.resolve("libtorch_cpu.so"), "");
        assertEquals(Optional.empty(), EngineSetup.notice());
    }
}
