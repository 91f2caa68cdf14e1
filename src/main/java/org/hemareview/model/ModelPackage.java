package org.hemareview.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.hemareview.io.AtomicFiles;
import org.hemareview.io.Hashing;

/**
 * A model on disk: a folder with manifest.json, the DJL parameter file and MODEL_CARD.md.
 * Loading checks the file hash and that the parameters fit the network the manifest describes;
 * any mismatch is a {@link ModelPackageException} with a plain message, never a crash.
 */
public final class ModelPackage {
    public static final String WEIGHTS = "weights.params";
    public static final String CARD = "MODEL_CARD.md";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelPackage() {
    }

    /** A network's parameters in DJL's format, as the weights file holds them and as training keeps its best epoch. */
    public static byte[] weightsOf(ai.djl.nn.Block net) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            net.saveParameters(new java.io.DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes manifest (with the weights' hash filled in), weights and card, each atomically. */
    public static Manifest write(Path dir, Manifest manifest, byte[] weights, String card) throws IOException {
        Files.createDirectories(dir);
        Manifest m = manifest.withWeights(WEIGHTS, Hashing.sha256(weights));
        AtomicFiles.write(dir.resolve(WEIGHTS), weights);
        AtomicFiles.write(dir.resolve(CARD), card.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(Manifest.FILE), JSON.writeValueAsBytes(m)); // last: a package without it is incomplete
        return m;
    }

    /** Replaces manifest and card of a written package whose weights stay as they are (e.g. scores added later). */
    public static void rewriteManifest(Path dir, Manifest manifest, String card) throws IOException {
        AtomicFiles.write(dir.resolve(CARD), card.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(Manifest.FILE), JSON.writeValueAsBytes(manifest));
    }

    public static Manifest readManifest(Path dir) throws ModelPackageException {
        Path file = dir.resolve(Manifest.FILE);
        try {
            Manifest m = JSON.readValue(file.toFile(), Manifest.class);
            if (m.architecture() == null || m.classes() == null || m.classes().isEmpty() || m.weights() == null) {
                throw new ModelPackageException(dir + ": manifest.json lacks the architecture, the classes or the weights");
            }
            PackageCheck.values(dir, m);
            return m;
        } catch (ModelPackageException e) {
            throw e;
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            throw new ModelPackageException(dir + " is not a model package (no manifest.json)", e);
        } catch (IOException e) {
            throw new ModelPackageException(dir + ": manifest.json is not readable (" + e.getMessage() + ")", e);
        }
    }

    /** A loaded network with its manifest; the caller closes the manager. */
    /** @param packageSha256 the hash over manifest, weights and card ({@link PackageCheck#packageSha256}) of what was loaded */
    public record Loaded(Manifest manifest, CellNetwork network, NDManager manager, String packageSha256) implements AutoCloseable {
        @Override
        public void close() {
            manager.close();
        }
    }

    /** Reads and verifies a package and builds its network, parameters loaded. */
    public static Loaded load(Path dir, NDManager parent) throws ModelPackageException {
        Manifest m = readManifest(dir);
        byte[] weights;
        try {
            weights = Files.readAllBytes(PackageCheck.weightsFile(dir, m));
        } catch (IOException e) {
            throw new ModelPackageException(dir + ": the weights file " + m.weights() + " is missing or unreadable", e);
        }
        String hash = Hashing.sha256(weights);
        if (!hash.equalsIgnoreCase(m.weightsSha256())) {
            throw new ModelPackageException(dir + ": " + m.weights() + " does not match the manifest (SHA-256 " + hash.substring(0, 12)
                    + "…, expected " + String.valueOf(m.weightsSha256()).substring(0, Math.min(12, String.valueOf(m.weightsSha256()).length()))
                    + "…): the file was changed or belongs to another model");
        }
        NDManager manager = parent.newSubManager();
        try {
            CellNetwork net = m.architecture().build(m.classes().size());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, m.inputSize(), m.inputSize()));
            java.util.Map<String, Shape> expected = new java.util.HashMap<>();
            net.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
            net.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(weights)));
            // DJL replaces arrays as stored: check every one still has the shape this network needs
            net.getParameters().forEach(p -> {
                Shape got = p.getValue().getArray().getShape();
                if (!got.equals(expected.get(p.getKey()))) {
                    throw new IllegalArgumentException(p.getKey() + " is " + got + ", the network needs " + expected.get(p.getKey()));
                }
            });
            return new Loaded(m, net, manager, PackageCheck.packageSha256(dir, weights));
        } catch (MalformedModelException | IOException | RuntimeException e) {
            manager.close();
            throw new ModelPackageException(dir + ": the weights do not fit the " + m.architecture().name() + " network with "
                    + m.classes().size() + " classes described by the manifest (" + e.getMessage() + ")", e);
        }
    }
}
