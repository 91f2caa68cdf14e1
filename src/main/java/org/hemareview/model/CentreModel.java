package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.io.Install;

/**
 * The trained cell-centre network ({@link CentreNet}) on the CPU: a folder with
 * {@value #MANIFEST} (network width, resolution, how it was trained) and {@value #WEIGHTS}.
 * A loaded network runs with its batch norms folded into the convolutions ({@link BatchNormFolding}).
 * Thread-safe: each call runs in its own NDManager on shared, read-only parameters.
 */
public final class CentreModel implements AutoCloseable {
    public static final String MANIFEST = "centre-net.json";
    public static final String WEIGHTS = "centre-net.params";
    /** The bundled model's folder name under models/. */
    public static final String DEFAULT_NAME = "cell-centres";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final NDManager root;
    private final CentreNet net;
    private final java.util.concurrent.ExecutorService worker;

    private CentreModel(NDManager root, CentreNet net) {
        this.root = root;
        this.net = net;
        this.worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                // one intra-op thread: a second gains little on this small network (2560x1920 smear: 40 against
                // 29-37 ms), and the segmenter runs the map beside its own work on the nuclei (a 10240x9600
                // smear's tiles spread over two such threads measured no faster on two cores)
                ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
                r.run();
            }, "cell-centres");
            t.setDaemon(true);
            return t;
        });
    }

    /** One thread of its own, with one intra-op thread, for predictions that run beside other work. */
    public java.util.concurrent.Executor executor() {
        return worker;
    }

    /** {@code models/cell-centres} of the installation, or {@code -Dhemareview.centres=DIR}; empty when neither exists. */
    public static Optional<Path> defaultFolder() {
        String prop = System.getProperty("hemareview.centres");
        if (prop != null) {
            return Optional.of(Path.of(prop)).filter(d -> Files.exists(d.resolve(MANIFEST)));
        }
        return Install.folder("models", "hemareview.models").map(d -> d.resolve(DEFAULT_NAME)).filter(d -> Files.exists(d.resolve(MANIFEST)));
    }

    /** A network just trained, for predictions before it is saved; closing the model closes {@code owner}. */
    public static CentreModel of(CentreNet net, NDManager owner) {
        return new CentreModel(owner, net);
    }

    public static CentreModel load(Path dir) throws ModelPackageException {
        NativeMemory.tune();
        NDManager root = NDManager.newBaseManager(ai.djl.Device.cpu());
        try {
            JsonNode m = JSON.readTree(dir.resolve(MANIFEST).toFile());
            int width = m.path("width").asInt(0);
            if (width <= 0 || Math.abs(m.path("um_per_px").asDouble() - CentreNet.UM_PER_PX) > 1e-9) {
                throw new ModelPackageException(dir + ": " + MANIFEST + " does not describe a centre network at " + CentreNet.UM_PER_PX + " µm/px");
            }
            CentreNet net = new CentreNet(width);
            net.initialize(root, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            byte[] weights = Files.readAllBytes(dir.resolve(WEIGHTS));
            net.loadParameters(root, new DataInputStream(new ByteArrayInputStream(weights)));
            return new CentreModel(root, BatchNormFolding.fold(net, root));
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            root.close();
            if (e instanceof ModelPackageException mpe) {
                throw mpe;
            }
            throw new ModelPackageException(dir + ": not a usable centre network (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a trained network and its manifest ({@code info}: training figures kept beside the weights). */
    public static void save(CentreNet net, int width, ObjectNode info, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode m = JSON.createObjectNode();
        m.put("network", "centre-net");
        m.put("width", width);
        m.put("um_per_px", CentreNet.UM_PER_PX);
        m.set("training", info);
        org.hemareview.io.AtomicFiles.write(dir.resolve(WEIGHTS), ModelPackage.weightsOf(net));
        org.hemareview.io.AtomicFiles.write(dir.resolve(MANIFEST), JSON.writeValueAsBytes(m));
    }

    public static ObjectNode newInfo() {
        return JSON.createObjectNode();
    }

    /** Centre probabilities for one padded input (3, h, w); h and w multiples of 8. */
    public float[] predict(float[] rgb, int h, int w) {
        try (NDManager m = root.newSubManager()) {
            NDArray x = m.create(rgb, new Shape(1, 3, h, w));
            NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            return ai.djl.nn.Activation.sigmoid(y).toFloatArray();
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS); // a map in progress still uses the parameters
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        root.close();
    }
}
