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
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;
import org.hemareview.model.ModelPackageException;
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
    private final String packageSha256;
    private final java.util.concurrent.ExecutorService workers;
    private final int workerCount;
    /** What forward passes run: the trained network with its batch norms folded in where it has them, else the network itself. */
    private volatile org.hemareview.model.CellNetwork inference;
    private NDManager inferenceManager;
    private int holds;
    private boolean retired;
    private boolean closed;

    private CellClassifier(Path dir, NDManager root, ModelPackage.Loaded loaded, Device device) {
        this.dir = dir;
        this.packageSha256 = loaded.packageSha256();
        this.root = root;
        this.loaded = loaded;
        this.device = device;
        this.workers = workers(device);
        this.workerCount = workerCount(device);
        this.encoder = new InputEncoder(loaded.manifest().inputSize(), InputEncoder.ColourSpace.parse(loaded.manifest().colourSpace()),
                loaded.manifest().architecture().usesMpm(), InputEncoder.ColourNormalisation.parse(loaded.manifest().colourNormalisation()));
        // inference only: no parameter ever records a gradient (Grad-CAM differentiates the feature map alone)
        loaded.network().freezeParameters(true);
        refold();
    }

    /** (Re)builds the inference copy from the trained network's current parameters; the network itself where that fails. */
    private synchronized void refold() {
        NDManager m = root.newSubManager();
        java.util.Optional<org.hemareview.model.CellNetwork> folded;
        try {
            folded = org.hemareview.model.BatchNormFolding.fold(loaded.network(), m);
        } catch (RuntimeException e) {
            // slower, never wrong: the same outputs come from the unfolded network
            logger.warn("batch norm not folded, classifying with the network as trained: {}", e.toString());
            folded = java.util.Optional.empty();
        }
        if (inferenceManager != null) {
            inferenceManager.close();
        }
        inferenceManager = m;
        inference = folded.orElse(loaded.network());
    }

    /** Loads a model package on the chosen device (GPU when present and not forced off, else CPU). */
    public static CellClassifier load(Path modelDir, ComputeDevice preferred) throws ModelPackageException {
        org.hemareview.model.NativeMemory.tune();
        org.hemareview.image.OpenCv.load(); // crops are resized and Grad-CAM maps upsampled with OpenCV
        Device device = preferred.kind() == ComputeDevice.Kind.GPU && Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        ComputeDevice.announce(device.isGpu() ? "GPU " + device.getDeviceId() + " (CUDA)" : "the CPU", preferred);
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

    /** SHA-256 of the whole package (manifest, weights, card), as stored with each prediction. */
    public String packageSha256() {
        return packageSha256;
    }

    /** "name version", as stored with each prediction. */
    public String version() {
        return manifest().name() + " " + manifest().version();
    }

    public Device device() {
        return device;
    }

    /** What Grad-CAM's map is for this model's network (shown with the map). */
    public String mapDescription() {
        return loaded.network().mapDescription();
    }

    /** The map {@code stagesBack} stages before the last where the network has one, else the last map. */
    public String mapDescription(int stagesBack) {
        return loaded.network().mapDescription(stagesBack).orElseGet(this::mapDescription);
    }

    public InputEncoder encoder() {
        return encoder;
    }

    /** The network forward passes run on (batch norms folded in: the same outputs, faster). */
    org.hemareview.model.CellNetwork network() {
        return inference;
    }

    NDManager manager() {
        return root;
    }

    /** Predictions for crops of any size (8-bit BGR), in order. */
    public List<Prediction> classify(List<Mat> crops) {
        List<byte[]> resized = crops.stream().map(encoder::resize).toList();
        return classifyResized(resized);
    }

    /**
     * Predictions for crops already at the input size (BGR bytes, HWC), in order. Batches of
     * {@link #BATCH} run concurrently on the CPU workers, one intra-op thread each: on a small network
     * two single-threaded forward passes at once beat one two-threaded pass (1055 against 495 crops/s
     * on 2 cores, docs/benchmarks.md).
     */
    public synchronized List<Prediction> classifyResized(List<byte[]> crops) {
        List<java.util.concurrent.Future<List<Prediction>>> parts = new ArrayList<>();
        int size = batchSize(crops.size(), workerCount);
        for (int start = 0; start < crops.size(); start += size) {
            List<byte[]> batch = crops.subList(start, Math.min(crops.size(), start + size));
            parts.add(workers.submit(() -> classifyBatch(batch)));
        }
        List<Prediction> out = new ArrayList<>(crops.size());
        try {
            for (java.util.concurrent.Future<List<Prediction>> f : parts) {
                out.addAll(f.get());
            }
        } catch (InterruptedException e) {
            parts.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("classification interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return out;
    }

    /**
     * Re-estimates the network's batch-norm statistics on one laboratory's own crops (at the input
     * size; no labels): the statistics learnt on the training labs describe their stain and camera,
     * and a lab left out of training sees its features shifted before the first decision. Forward
     * passes in training mode only, no gradient, no weight changed; {@code passes} shuffled passes
     * in batches of 32 (momentum 0.1: three passes over 160 crops leave 4 % of the old statistics).
     * The change lives in this loaded copy only; {@link ModelPackage#weightsOf} saves it.
     *
     * @return true when the network has batch norm to adapt
     */
    public synchronized boolean adaptNormalisation(List<byte[]> crops, int passes, long seed) {
        if (!loaded.network().usesBatchNorm() || crops.size() < 2) {
            return false;
        }
        int s = encoder.size();
        java.util.Random random = new java.util.Random(seed);
        List<byte[]> order = new ArrayList<>(crops);
        for (int pass = 0; pass < passes; pass++) {
            java.util.Collections.shuffle(order, random);
            for (int start = 0; start + 2 <= order.size(); start += 32) {
                List<byte[]> batch = order.subList(start, Math.min(order.size(), start + 32));
                float[] x = encoder.encodeAll(batch);
                try (NDManager bm = root.newSubManager()) {
                    loaded.network().forward(new ParameterStore(bm, false), new NDList(bm.create(x, new Shape(batch.size(), 3, s, s))), true);
                }
            }
        }
        refold();
        logger.info("batch-norm statistics re-estimated on {} crops ({} passes)", crops.size(), passes);
        return true;
    }

    private List<Prediction> classifyBatch(List<byte[]> crops) {
        int s = encoder.size();
        int b = crops.size();
        float[] x = encoder.encodeAll(crops);
        float[] flat;
        float[] style;
        org.hemareview.model.ShiftStatistics shift = manifest().shift();
        org.hemareview.model.ColourShift colour = manifest().colourShift();
        try (NDManager bm = root.newSubManager()) {
            NDArray input = bm.create(x, new Shape(b, 3, s, s));
            NDList result = inference.forward(new ParameterStore(bm, false), new NDList(input), false);
            flat = result.get(0).toFloatArray();
            style = shift != null && result.size() > 2 ? result.get(2).toFloatArray() : null;
        }
        int k = manifest().classes().size();
        int d = style == null ? 0 : style.length / b;
        List<Prediction> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] logits = Arrays.copyOfRange(flat, i * k, (i + 1) * k);
            float[] p = Calibration.softmax(logits, manifest().temperature());
            if (colour != null) {
                // the crop's own colours, where the model carries a reference of its training labs' (issue 18)
                double score = colour.score(org.hemareview.model.ColourShift.features(crops.get(i), s));
                out.add(new Prediction(manifest().classes(), p, logits, score, colour.isUnlike(score)));
            } else if (style == null) {
                out.add(new Prediction(manifest().classes(), p, logits));
            } else {
                double score = shift.score(Arrays.copyOfRange(style, i * d, (i + 1) * d));
                out.add(new Prediction(manifest().classes(), p, logits, score, shift.isUnlike(score)));
            }
        }
        return out;
    }

    /** The loaded parameters as DJL saves them, with any adaptation made to this copy ({@link #adaptNormalisation}). */
    public synchronized byte[] currentWeights() {
        return ModelPackage.weightsOf(loaded.network());
    }

    /**
     * What the shift statistics measure, per crop at the input size, in order: the pooled features
     * (the center loss's), the style statistics (null where the network has none), and the raw class
     * scores of the same forward pass (before the temperature).
     */
    public record Embedding(float[][] pooled, float[][] style, float[][] logits) {
    }

    public synchronized Embedding embed(List<byte[]> crops) {
        int s = encoder.size();
        float[][] pooled = new float[crops.size()][];
        float[][] style = new float[crops.size()][];
        float[][] logits = new float[crops.size()][];
        boolean hasStyle = true;
        for (int start = 0; start < crops.size(); start += BATCH) {
            int b = Math.min(BATCH, crops.size() - start);
            float[] x = encoder.encodeAll(crops.subList(start, start + b));
            try (NDManager bm = root.newSubManager()) {
                NDList out = inference.forward(new ParameterStore(bm, false), new NDList(bm.create(x, new Shape(b, 3, s, s))), false);
                hasStyle &= out.size() > 2;
                rows(out.get(0).toFloatArray(), b, logits, start);
                rows(out.get(1).toFloatArray(), b, pooled, start);
                if (out.size() > 2) {
                    rows(out.get(2).toFloatArray(), b, style, start);
                }
            }
        }
        return new Embedding(pooled, hasStyle ? style : null, logits);
    }

    private static void rows(float[] flat, int b, float[][] into, int start) {
        int d = flat.length / b;
        for (int i = 0; i < b; i++) {
            into[start + i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
    }

    /**
     * Crops per batch for {@code n} crops on {@code workers}: at most {@link #BATCH}, and as many batches as keep
     * every worker equally busy (a smear's 18 cells as 9 + 9, not 16 + 2, whose first batch alone took 65 ms).
     */
    static int batchSize(int n, int workers) {
        if (n <= 1) {
            return 1;
        }
        int batches = (n + BATCH - 1) / BATCH;
        batches = Math.min(n, (batches + workers - 1) / workers * workers);
        return (n + batches - 1) / batches;
    }

    /** CPU: one worker per core, each limited to one intra-op thread (OpenMP's setting is per thread). GPU: one worker. */
    private static int workerCount(Device device) {
        return device.isGpu() ? 1 : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private static java.util.concurrent.ExecutorService workers(Device device) {
        int n = workerCount(device);
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return java.util.concurrent.Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(() -> {
                if (!device.isGpu() && n > 1) {
                    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
                }
                r.run();
            }, "classifier-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A hold on the network for one piece of work (a classification, a Grad-CAM): a model replaced
     * by a promotion is {@linkplain #retire() retired} and freed only when the last hold is released.
     *
     * @throws IllegalStateException when the model was already retired or closed
     */
    /** True once the model was replaced or closed: no new work may hold it. */
    public synchronized boolean isRetired() {
        return retired || closed;
    }

    public synchronized Hold hold() {
        if (retired || closed) {
            throw new IllegalStateException("model " + manifest().name() + " " + manifest().version() + " was replaced; run the step again");
        }
        holds++;
        return new Hold();
    }

    /** Released once; releasing the last hold of a retired model frees it. */
    public final class Hold implements AutoCloseable {
        private boolean released;

        private Hold() {
        }

        @Override
        public void close() {
            synchronized (CellClassifier.this) {
                if (released) {
                    return;
                }
                released = true;
                holds--;
                if (retired && holds == 0) {
                    CellClassifier.this.close();
                }
            }
        }
    }

    /** No new work: frees the network now if nothing holds it, else when the last hold is released. */
    public synchronized void retire() {
        retired = true;
        if (holds == 0) {
            close();
        }
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    /** Frees the network; waits for a forward pass in progress (the methods that run one hold this lock). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.shutdownNow();
        loaded.close();
        root.close();
    }
}
