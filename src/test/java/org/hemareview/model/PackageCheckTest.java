package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model package is checked whole: values in range, files inside it, no links, and one hash that a changed manifest breaks. */
class PackageCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private Path copyWith(Consumer<ObjectNode> change) throws Exception {
        Path copy = TestFiles.secondModelVersion(dir, "7", 1.0);
        ObjectNode m = (ObjectNode) JSON.readTree(copy.resolve(Manifest.FILE).toFile());
        change.accept(m);
        JSON.writeValue(copy.resolve(Manifest.FILE).toFile(), m);
        return copy;
    }

    private String refusal(Consumer<ObjectNode> change) throws Exception {
        Path p = copyWith(change);
        return assertThrows(ModelPackageException.class, () -> ModelPackage.readManifest(p)).getMessage();
    }

    @Test
    void manifestValuesOutOfRangeAreRefused() throws Exception {
        assertTrue(refusal(m -> m.put("temperature", 0)).contains("temperature"));
        assertTrue(refusal(m -> m.put("temperature", -1)).contains("temperature"));
        assertTrue(refusal(m -> m.put("input_size", 20000)).contains("input_size"));
        assertTrue(refusal(m -> ((ArrayNode) m.get("classes")).set(1, m.get("classes").get(0))).contains("listed twice"));
        assertTrue(refusal(m -> m.put("weights", "../../weights.params")).contains("not a file name inside the package"));
        assertTrue(refusal(m -> m.put("weights", "/dev/zero")).contains("not a file name inside the package"));
        ModelPackage.readManifest(copyWith(m -> { })); // the untouched copy is fine
    }

    @Test
    void importRefusesASymbolicLinkOutOfThePackage() throws Exception {
        Path p = copyWith(m -> { });
        Path outside = Files.writeString(dir.resolve("secret.txt"), "patient list");
        Files.delete(p.resolve(ModelPackage.CARD));
        Files.createSymbolicLink(p.resolve(ModelPackage.CARD), outside);
        ModelRegistry r = ModelRegistry.open(dir.resolve("registry"), Optional.empty(), "t", (a, b, c, d) -> { });
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> r.register(p, ModelRegistry.Source.IMPORTED, "t"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(0, r.list().size());
    }

    @Test
    void aManifestChangedAfterRegistrationIsRefusedAndChangesThePackageHash() throws Exception {
        ModelRegistry r = ModelRegistry.open(dir.resolve("registry2"), Optional.empty(), "t", (a, b, c, d) -> { });
        ModelRegistry.Entry e = r.register(copyWith(m -> { }), ModelRegistry.Source.IMPORTED, "t");
        String before = PackageCheck.packageSha256(e.folder());
        assertEquals(e.folder(), r.verifiedFolder(e.id()));
        // two class names swapped: the weights (and their hash) are untouched
        ObjectNode m = (ObjectNode) JSON.readTree(e.folder().resolve(Manifest.FILE).toFile());
        ArrayNode classes = (ArrayNode) m.get("classes");
        String first = classes.get(0).asText();
        classes.set(0, classes.get(1));
        classes.set(1, JSON.getNodeFactory().textNode(first));
        JSON.writeValue(e.folder().resolve(Manifest.FILE).toFile(), m);
        assertNotEquals(before, PackageCheck.packageSha256(e.folder()), "the package hash covers the manifest");
        ModelPackageException refused = assertThrows(ModelPackageException.class, () -> r.verifiedFolder(e.id()));
        assertTrue(refused.getMessage().contains("changed after it was registered"), refused.getMessage());
    }
}
