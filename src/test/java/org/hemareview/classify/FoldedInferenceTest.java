package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hemareview.TestFiles;
import org.hemareview.image.OpenCv;
import org.hemareview.model.DefaultModel;
import org.hemareview.model.ModelPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The classifier runs an inference copy with the batch norms folded into the convolutions; after the
 * statistics are re-estimated on a lab's crops, its scores must be those of the adapted network,
 * not of the copy folded at load time.
 */
class FoldedInferenceTest {
    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    @Test
    void afterReestimatingStatisticsTheClassifierScoresWithTheAdaptedNetwork(@TempDir Path tmp) throws Exception {
        Path dir = DefaultModel.folder().orElseThrow(() -> new IllegalStateException("models/resnext-cc-slim is part of the repository"));
        try (CellClassifier c = CellClassifier.load(dir, ComputeDevice.detect())) {
            List<byte[]> crops = sampleCrops(c.encoder());
            float[][] before = logits(c.classifyResized(crops));
            assertTrue(c.adaptNormalisation(crops, 3, 1));
            float[][] after = logits(c.classifyResized(crops));
            assertTrue(maxDifference(before, after) > 1e-2, "re-estimated statistics change the scores: " + maxDifference(before, after));

            // the adapted weights in an unfolded network, as saved and loaded again
            Files.createDirectories(tmp.resolve("m"));
            ModelPackage.write(tmp.resolve("m"), c.manifest(), c.currentWeights(), Files.readString(dir.resolve(ModelPackage.CARD)));
            float[][] reference = new float[crops.size()][];
            try (NDManager m = NDManager.newBaseManager(); ModelPackage.Loaded saved = ModelPackage.load(tmp.resolve("m"), m)) {
                int s = c.encoder().size();
                NDList out = saved.network().forward(new ParameterStore(m, false),
                        new NDList(m.create(c.encoder().encodeAll(crops), new Shape(crops.size(), 3, s, s))), false);
                float[] flat = out.get(0).toFloatArray();
                int k = c.manifest().classes().size();
                for (int i = 0; i < crops.size(); i++) {
                    reference[i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
                }
            }
            assertTrue(maxDifference(after, reference) < 1e-3, "folded scores match the adapted network's: " + maxDifference(after, reference));
        }
    }

    private static List<byte[]> sampleCrops(InputEncoder encoder) throws Exception {
        List<byte[]> crops = new ArrayList<>();
        try (var files = Files.walk(TestFiles.samples().resolve("pbc-cells"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                Mat m = Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_COLOR);
                try {
                    crops.add(encoder.resize(m));
                } finally {
                    m.release();
                }
            }
        }
        assertTrue(crops.size() >= 8, "sample-data/pbc-cells holds the bundled sample crops");
        return crops;
    }

    private static float[][] logits(List<Prediction> predictions) {
        return predictions.stream().map(Prediction::logits).toArray(float[][]::new);
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return d;
    }
}
