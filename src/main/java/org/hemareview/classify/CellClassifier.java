package org.hemareview.classify;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;
import org.hemareview.model.ModelPackageException;
import org.hemareview.train.Calibration;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies cell crops with a model package: crops are encoded exactly as in training, run in
 * batches (a sub-NDManager per batch, closed after it), and turned into probabilities with the
 * temperature fitted at training time. Thread-safe for concurrent callers (one forward at a time).
 */
public final class CellClassifier implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(CellClassifier.class);
    public static final int BATCH = 16;
    private final NDManager root;
    private final ModelPackage.Loaded loaded;
    private final InputEncoder encoder;
    private final Device device;
    private final Path dir;

    private CellClassifier(Path dir, NDManager root, ModelPackage.Loaded loaded, Device device) {
        this.dir = dir;
        this.root = root;
        this.loaded = loaded;
        this.device = device;
        this.encoder = new InputEncoder(loaded.manifest().inputSize(), InputEncoder.ColourSpace.parse(loaded.manifest().colourSpace()),
                loaded.manifest().architecture().usesMpm());
        // inference only: no parameter ever records a gradient (Grad-CAM differentiates the feature map alone)
        loaded.network().freezeParameters(true);
    }

    /** Loads a model package on the chosen device (GPU when present and not forced off, else CPU). */
    public static CellClassifier load(Path modelDir, ComputeDevice preferred) throws ModelPackageException {
        org.hemareview.model.NativeMemory.tune();
        org.hemareview.image.OpenCv.load(); // crops are resized and Grad-CAM maps upsampled with OpenCV
        Device device = preferred.kind() == ComputeDevice.Kind.GPU && Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        NDManager root = NDManager.newBaseManager(device);
        try {
            ModelPackage.Loaded loaded = ModelPackage.load(modelDir, root);
            logger.info("model {} {} on {}", loaded.manifest().name(), loaded.manifest().version(), device);
            return new CellClassifier(modelDir, root, loaded, device);
        } catch (ModelPackageException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    public Manifest manifest() {
        return loaded.manifest();
    }

    public Path directory() {
        return dir;
    }

    public Device device() {
        return device;
    }

    /** What Grad-CAM's map is for this model's network (shown with the map). */
    public String mapDescription() {
        return loaded.network().mapDescription();
    }

    public InputEncoder encoder() {
        return encoder;
    }

    org.hemareview.model.CellNetwork network() {
        return loaded.network();
    }

    NDManager manager() {
        return root;
    }

    /** Predictions for crops of any size (8-bit BGR), in order. */
    public List<Prediction> classify(List<Mat> crops) {
        List<byte[]> resized = crops.stream().map(encoder::resize).toList();
        return classifyResized(resized);
    }

    /** Predictions for crops already at the input size (BGR bytes, HWC). */
    public synchronized List<Prediction> classifyResized(List<byte[]> crops) {
        int s = encoder.size();
        List<Prediction> out = new ArrayList<>(crops.size());
        for (int start = 0; start < crops.size(); start += BATCH) {
            int b = Math.min(BATCH, crops.size() - start);
            float[] x = new float[b * 3 * s * s];
            final int s0 = start;
            IntStream.range(0, b).forEach(i -> encoder.encode(crops.get(s0 + i), x, i * 3 * s * s));
            float[] flat;
            try (NDManager bm = root.newSubManager()) {
                NDArray input = bm.create(x, new Shape(b, 3, s, s));
                flat = loaded.network().forward(new ParameterStore(bm, false), new NDList(input), false).get(0).toFloatArray();
            }
            int k = manifest().classes().size();
            for (int i = 0; i < b; i++) {
                float[] logits = Arrays.copyOfRange(flat, i * k, (i + 1) * k);
                out.add(new Prediction(manifest().classes(), Calibration.softmax(logits, manifest().temperature()), logits));
            }
        }
        return out;
    }

    /** Frees the network; waits for a forward pass in progress (the methods that run one hold this lock). */
    @Override
    public synchronized void close() {
        loaded.close();
        root.close();
    }
}
