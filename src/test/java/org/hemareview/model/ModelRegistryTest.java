package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir
    Path dir;
    private Path bundled;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void bundledModel() {
        bundled = DefaultModel.folder().orElseThrow(() -> new IllegalStateException("models/resnext-cc-slim is part of the repository"));
    }

    /** A copy of the bundled package under another version (same weights, so the hash still matches). */
    private Path copyAs(String version) throws Exception {
        Path out = dir.resolve("pkg-" + version);
        Files.createDirectories(out);
        try (Stream<Path> s = Files.list(bundled)) {
            for (Path p : s.toList()) {
                Files.copy(p, out.resolve(p.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(out.resolve(Manifest.FILE).toFile());
        m.put("version", version);
        json.writeValue(out.resolve(Manifest.FILE).toFile(), m);
        return out;
    }

    private ModelRegistry open() throws Exception {
        return ModelRegistry.open(dir.resolve("models"), Optional.of(bundled), "dr-a", (action, actor, id, details) -> events.add(action + " " + id + " by " + actor));
    }

    @Test
    void firstOpenRegistersTheBundledModelAsActive() throws Exception {
        ModelRegistry r = open();
        assertEquals(1, r.list().size());
        assertEquals(ModelRegistry.Source.BUNDLED, r.active().orElseThrow().source());
        assertTrue(Files.isRegularFile(r.active().orElseThrow().folder().resolve(ModelPackage.WEIGHTS)), "copied into the workspace's models folder");
        Manifest m = ModelPackage.readManifest(bundled);
        String id = m.name() + "-" + m.version();
        assertEquals(id, r.active().orElseThrow().id(), "the folder is named after the manifest's name and version");
        assertEquals(List.of("model.registered " + id + " by dr-a", "model.promoted " + id + " by dr-a"), events);
        // reopening keeps the state and does not register again
        assertEquals(1, open().list().size());
    }

    @Test
    void promoteSwitchesTheActiveVersionAndRollbackReturnsToThePreviousOne() throws Exception {
        ModelRegistry r = open();
        String original = r.active().orElseThrow().id();
        ModelRegistry.Entry trained = r.register(copyAs("3"), ModelRegistry.Source.TRAINED, "dr-a");
        assertEquals(original, r.active().orElseThrow().id(), "registering does not promote");
        r.promote(trained.id(), "dr-b");
        assertEquals(trained.id(), open().active().orElseThrow().id(), "the promotion is on disk");
        assertEquals(original, r.rollback("dr-b").orElseThrow().id());
        assertEquals(original, open().active().orElseThrow().id());
        assertTrue(r.rollback("dr-b").isEmpty(), "nothing before the first version");
        assertTrue(events.contains("model.rolled_back " + original + " by dr-b"), events.toString());
        assertEquals(2, r.list().size());
    }

    @Test
    void aPackageWhoseWeightsDoNotMatchIsRefused() throws Exception {
        ModelRegistry r = open();
        Path broken = copyAs("4");
        byte[] w = Files.readAllBytes(broken.resolve(ModelPackage.WEIGHTS));
        w[w.length / 2] ^= 1;
        Files.write(broken.resolve(ModelPackage.WEIGHTS), w);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> r.register(broken, ModelRegistry.Source.IMPORTED, "dr-a"));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertEquals(1, r.list().size());
        assertThrows(ModelPackageException.class, () -> r.register(dir, ModelRegistry.Source.IMPORTED, "dr-a"), "not a package");
    }
}
