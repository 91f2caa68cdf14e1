package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemareview.TestFiles;
import org.hemareview.model.ArchitectureSpec;
import org.hemareview.model.DefaultModel;
import org.hemareview.model.DualPathSpec;
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;
import org.hemareview.train.CropDataset;
import org.hemareview.train.TrainingConfig;
import org.hemareview.train.TrainingListener;
import org.hemareview.train.TrainingManifest;
import org.hemareview.train.TrainingResult;
import org.hemareview.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The dual-path network wherever ResNeXt-CC is: training run, model package, classifier, Grad-CAM. */
class DualPathPackageTest {
    @TempDir
    Path dir;

    /** Both paths in miniature: 32-px input, 8x8 tokens in windows of 4, two stages, MPM on. */
    static DualPathSpec tiny() {
        return new DualPathSpec("dualpath-tiny", List.of(8, 16), List.of(1, 1), List.of(8, 16), List.of(2, 2), List.of(2, 2), 4, 32, true, true);
    }

    @Test
    void trainWriteLoadClassifyAndExplain() throws Exception {
        CropDataset crops = CropDataset.load(TestFiles.samples().resolve("pbc-cells"), null, 32);
        TrainingConfig c = new TrainingConfig(tiny(), InputEncoder.ColourSpace.HSV, 2, 8, 3e-3f, 1e-4f, 1f, 0.05f, true, 3);
        TrainingResult r = new TrainingRun(c).run(crops, crops, new TrainingListener() { });
        assertEquals(2, r.history().size());
        Manifest m = TrainingManifest.of("tiny-dual", "1", c, crops.classes(), Map.of("data", "sample-data/pbc-cells"), r, "test", r.bestEvaluation());
        Path pkg = dir.resolve("dual");
        ModelPackage.write(pkg, m, r.bestWeights(), "# tiny dual-path\n");

        Manifest back = ModelPackage.readManifest(pkg);
        assertInstanceOf(DualPathSpec.class, back.architecture(), "the manifest says which network it is");
        assertEquals(tiny(), back.architecture());
        assertInstanceOf(ArchitectureSpec.class, ModelPackage.readManifest(DefaultModel.folder().orElseThrow()).architecture(),
                "older ResNeXt-CC manifests read unchanged");

        try (CellClassifier classifier = CellClassifier.load(pkg, ComputeDevice.detect())) {
            assertTrue(classifier.encoder().mpm(), "the MPM runs on the crops of a model trained with it");
            List<Mat> mats = new ArrayList<>();
            try {
                for (String cls : List.of("neutrophil", "eosinophil")) {
                    try (var files = java.nio.file.Files.list(TestFiles.samples().resolve("pbc-cells").resolve(cls))) {
                        mats.add(Imgcodecs.imread(files.findFirst().orElseThrow().toString()));
                    }
                }
                List<Prediction> ps = classifier.classify(mats);
                for (Prediction p : ps) {
                    float sum = 0;
                    for (float v : p.probabilities()) {
                        sum += v;
                    }
                    assertEquals(1f, sum, 1e-4f);
                }
                Heatmap h = new GradCam(classifier).explain(mats.get(0), -1, CamMethod.GRAD_CAM);
                assertEquals(mats.get(0).cols(), h.width());
                for (float v : h.values()) {
                    assertTrue(Float.isFinite(v) && v >= 0 && v <= 1);
                }
                assertTrue(classifier.mapDescription().contains("ConvNeXt"), "the UI says which path the map explains");
            } finally {
                mats.forEach(Mat::release);
            }
        }
    }

    @Test
    void mpmChangesTheInputAndCanBeSwitchedOff() {
        org.hemareview.image.OpenCv.load();
        byte[] crop = new byte[32 * 32 * 3];
        new java.util.Random(1).nextBytes(crop);
        float[] with = new float[3 * 32 * 32];
        float[] without = new float[3 * 32 * 32];
        new InputEncoder(32, InputEncoder.ColourSpace.HSV, true).encode(crop, with, 0);
        new InputEncoder(32, InputEncoder.ColourSpace.HSV, false).encode(crop, without, 0);
        assertTrue(!java.util.Arrays.equals(with, without));
        assertEquals(false, tiny().withMpm(false).usesMpm());
    }
}
