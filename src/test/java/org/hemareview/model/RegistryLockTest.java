package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes that create one registry at the same moment and each register a version lose nothing. */
class RegistryLockTest {
    @TempDir
    Path dir;

    @Test
    void twoProcessesCreatingAndRegisteringAtOnceKeepEveryRegistration() throws Exception {
        Path bundled = DefaultModel.folder().orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 3; round++) {
            Path registry = dir.resolve("registry-" + round);
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Path version = TestFiles.secondModelVersion(dir, round + "." + i, 1.0);
                children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RegistryWriterMain.class.getName(),
                        registry.toString(), bundled.toString(), version.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (Process p : children) {
                assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "the process finished");
                assertEquals(0, p.exitValue(), "the process registered its version");
            }
            ModelRegistry r = ModelRegistry.open(registry, Optional.empty(), "t", (a, b, c, d) -> { });
            assertEquals(3, r.list().size(), "the bundled model once, and both versions");
            assertEquals(r.list().get(0).id(), r.active().orElseThrow().id(), "the bundled model is active");
        }
    }
}
