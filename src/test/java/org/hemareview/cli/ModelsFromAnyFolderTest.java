package org.hemareview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app finds its bundled models beside its own code, whatever the working folder: a
 * process started in an unrelated folder (no models/ anywhere above it) segments with the
 * centre network and classifies with the bundled model. The app image check in .ci/run does the
 * same for the installed layout.
 */
class ModelsFromAnyFolderTest {
    @TempDir
    Path elsewhere;

    @Test
    void aCommandStartedInAnUnrelatedFolderFindsTheBundledModels() throws Exception {
        Path smear = TestFiles.composedSmear(1).toAbsolutePath();
        Path json = elsewhere.resolve("calls.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "org.hemareview.Launcher",
                "classify", "--smear", "--json", json.toString(), smear.toString())
                .directory(elsewhere.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "classify did not finish");
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("was not found"), out);
        assertFalse(out.contains("no cell-centre network"), "the centre network must be found too: " + out);
        // quiet: no CUDA warning without an NVIDIA driver, one line naming the device instead
        assertFalse(out.contains("Failed to detect GPU count"), out);
        assertEquals(1, out.lines().filter(l -> l.contains("classifying on ")).count(), out);
        JsonNode calls = new ObjectMapper().readTree(json.toFile());
        String text = calls.toString();
        assertTrue(text.contains("\"predicted\""), "classes present: " + text.substring(0, Math.min(400, text.length())));
        assertFalse(Files.exists(elsewhere.resolve("models")));
    }

    @Test
    void theDefaultWorkspaceFollowsHome() throws Exception {
        Path home = Files.createDirectories(elsewhere.resolve("home"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.hemareview.Launcher", "smears")
                .directory(elsewhere.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "smears did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.exists(home.resolve(".hemareview/workspace.db")), "the default workspace is under $HOME: " + out);
    }
}
