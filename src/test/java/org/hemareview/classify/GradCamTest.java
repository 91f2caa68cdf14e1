package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hemareview.image.OpenCv;
import org.hemareview.train.CropDataset;
import org.hemareview.train.TrainingListener;
import org.hemareview.train.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network whose class is decided by a blob (present or not) must, when the blob sits in one
 * corner, look at that corner.
 */
class GradCamTest {
    private static final int S = 48;
    @TempDir
    static Path dir;
    static CellClassifier classifier;
    static List<byte[]> testImages = new ArrayList<>();
    static List<Integer> testCorners = new ArrayList<>();

    /** Noise, plus a purple blob in a corner (0: top-left, 1: top-right, 2: bottom-left, 3: bottom-right), or none (-1). */
    static byte[] image(int corner, Random r) {
        byte[] img = new byte[S * S * 3];
        for (int i = 0; i < img.length; i += 3) {
            byte grey = (byte) (170 + r.nextInt(60)); // grey noise: no hue, so only the blob is coloured
            img[i] = grey;
            img[i + 1] = grey;
            img[i + 2] = grey;
        }
        if (corner < 0) {
            return img;
        }
        int cx = (corner % 2 == 0 ? 9 : S - 10) + r.nextInt(3) - 1;
        int cy = (corner / 2 == 0 ? 9 : S - 10) + r.nextInt(3) - 1;
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= 36) {
                    int i = (y * S + x) * 3;
                    img[i] = (byte) 150;
                    img[i + 1] = (byte) 30;
                    img[i + 2] = (byte) 90;
                }
            }
        }
        return img;
    }

    @BeforeAll
    static void trainOnCornerBlobs() throws Exception {
        OpenCv.load();
        Random r = new Random(11);
        List<byte[]> train = new ArrayList<>();
        int[] labels = new int[320];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2; // 1: a blob, in any corner
            train.add(image(labels[i] == 1 ? r.nextInt(4) : -1, r));
        }
        for (int i = 0; i < 40; i++) {
            testCorners.add(i % 4);
            testImages.add(image(i % 4, r));
        }
        CropDataset data = new CropDataset(List.of("clear", "blob"), train, labels, S);
        TrainingResult result = TinyModels.train(data, 6, false, new TrainingListener() { });
        TinyModels.write(dir.resolve("corners"), data, result);
        classifier = CellClassifier.load(dir.resolve("corners"), ComputeDevice.detect());
    }

    @Test
    void thePeakIsInTheCornerThatDecidesTheClass() {
        GradCam cam = new GradCam(classifier);
        int inCorner = 0;
        for (int i = 0; i < testImages.size(); i++) {
            int corner = testCorners.get(i);
            Heatmap h = cam.explainResized(testImages.get(i), 1, S, S, CamMethod.GRAD_CAM);
            boolean left = h.peakX() < S / 2;
            boolean top = h.peakY() < S / 2;
            if (left == (corner % 2 == 0) && top == (corner / 2 == 0)) {
                inCorner++;
            }
        }
        assertTrue(inCorner >= 0.9 * testImages.size(), inCorner + " of " + testImages.size() + " peaks in the deciding corner");
    }

    @Test
    void theNetworkLearnedTheTask() {
        int right = 0;
        for (byte[] img : testImages) {
            right += classifier.classifyResized(List.of(img)).get(0).predicted().equals("blob") ? 1 : 0;
        }
        assertTrue(right >= 36, right + " of 40 blobs recognised");
    }

    @Test
    void mapsAreNormalisedAndNamedAndNeverNaN() {
        GradCam cam = new GradCam(classifier);
        Heatmap h = cam.explainResized(testImages.get(0), -1, 96, 96, CamMethod.GRAD_CAM);
        assertEquals(96 * 96, h.values().length);
        float max = 0;
        for (float v : h.values()) {
            assertTrue(v >= 0 && v <= 1 && !Float.isNaN(v));
            max = Math.max(max, v);
        }
        assertTrue(max == 1f || max == 0f, "normalised to 1 unless empty");
        assertEquals(classifier.manifest().classes().get(h.classIndex()), h.className());
        // a flat grey image gives little evidence for the blob classes: whatever the map is, it is finite
        byte[] flat = new byte[S * S * 3];
        java.util.Arrays.fill(flat, (byte) 128);
        for (int c = 0; c < 2; c++) {
            for (float v : cam.explainResized(flat, c, S, S, CamMethod.GRAD_CAM).values()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void explainingDoesNotLeaveGradientsOnTheModel() {
        GradCam cam = new GradCam(classifier);
        cam.explainResized(testImages.get(1), 1, S, S, CamMethod.GRAD_CAM);
        float[] before = classifier.classifyResized(List.of(testImages.get(2))).get(0).logits();
        for (int i = 0; i < 5; i++) {
            cam.explainResized(testImages.get(i), i % 2, S, S, CamMethod.GRAD_CAM);
        }
        float[] after = classifier.classifyResized(List.of(testImages.get(2))).get(0).logits();
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, after, 0f);
        classifier.network().getParameters().values().forEach(p -> assertTrue(!p.getArray().hasGradient() || p.getArray().getGradient().abs().sum().getFloat() == 0,
                "no gradient recorded on " + p.getName()));
    }

    @Test
    void everyMethodsMapPointsAtTheCornerAndDeletesTheEvidenceFasterThanARandomOrder() {
        GradCam cam = new GradCam(classifier);
        for (CamMethod method : CamMethod.values()) {
            double auc = 0;
            double randomAuc = 0;
            int inCorner = 0;
            int n = 20;
            for (int i = 0; i < n; i++) {
                Heatmap h = cam.explainResized(testImages.get(i), 1, S, S, method);
                int corner = testCorners.get(i);
                inCorner += (h.peakX() < S / 2) == (corner % 2 == 0) && (h.peakY() < S / 2) == (corner / 2 == 0) ? 1 : 0;
                DeletionCurve d = DeletionCurve.measure(classifier, testImages.get(i), h.values(), 1, 16, i);
                assertEquals(17, d.curve().length);
                assertEquals(d.curve()[0], d.randomCurve()[0], 1e-6, "both curves start from the untouched crop");
                auc += d.auc() / n;
                randomAuc += d.randomAuc() / n;
            }
            assertTrue(inCorner >= 0.85 * n, method + ": " + inCorner + " of " + n + " peaks in the deciding corner");
            assertTrue(auc < randomAuc - 0.1, method + ": deletion AUC " + auc + " against random " + randomAuc);
        }
    }

    @Test
    void aMapThatPointsAwayFromTheEvidenceIsNoBetterThanRandom() {
        // the faithfulness measure itself: blanking the corner opposite the blob first keeps the score up
        int i = 0;
        int corner = testCorners.get(i);
        float[] wrong = new float[S * S];
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                boolean left = x < S / 2;
                boolean top = y < S / 2;
                wrong[y * S + x] = left == (corner % 2 == 0) && top == (corner / 2 == 0) ? 0f : 1f - (float) Math.hypot(x - S / 2.0, y - S / 2.0) / S;
            }
        }
        DeletionCurve d = DeletionCurve.measure(classifier, testImages.get(i), wrong, 1, 16, 3);
        assertTrue(d.auc() >= d.randomAuc() - 0.02, "a misleading map " + d.auc() + " against random " + d.randomAuc());
    }

    @Test
    void theFourMethodsCombineMapAndGradientAsTheirPapersSay() {
        // two channels of a 1 x 2 map
        float[] a = {1, 3, 2, 0};
        float[] g = {0.5f, -0.5f, 1, 1};
        // Grad-CAM: weights are the gradient means (0 and 1): cam = A_1
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 0}, CamMethod.GRAD_CAM.combine(a, g, 2, 1, 2), 1e-6f);
        // LayerCAM: element-wise ReLU(G)*A summed over channels
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.5f + 2, 0}, CamMethod.LAYER_CAM.combine(a, g, 2, 1, 2), 1e-6f);
        // HiResCAM: element-wise G*A summed over channels
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.5f + 2, -1.5f}, CamMethod.HIRES_CAM.combine(a, g, 2, 1, 2), 1e-6f);
        // Grad-CAM++: alpha = g^2 / (2 g^2 + sum(A) g^3); channel 0: 0.25 / (0.5 + 4 * 0.125) * 0.5 = 0.125 (the negative
        // gradient counts nothing); channel 1: 1 / (2 + 2) * 1 * 2 pixels = 0.5
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.125f * 1 + 0.5f * 2, 0.125f * 3}, CamMethod.GRAD_CAM_PLUS_PLUS.combine(a, g, 2, 1, 2), 1e-6f);
        assertEquals(CamMethod.GRAD_CAM_PLUS_PLUS, CamMethod.named("Grad-CAM++"));
        assertEquals(CamMethod.HIRES_CAM, CamMethod.named("hirescam"));
        assertEquals(CamMethod.LAYER_CAM, CamMethod.named("LayerCAM"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CamMethod.named("lime"));
    }

    @Test
    void eachStageBackDoublesTheMapsResolutionAndItsHeadGivesTheSameScores() {
        org.hemareview.model.CellNetwork net = classifier.network();
        int s = classifier.encoder().size();
        float[] x = new float[3 * s * s];
        classifier.encoder().encode(testImages.get(0), x, 0);
        synchronized (classifier) {
            try (ai.djl.ndarray.NDManager m = classifier.manager().newSubManager()) {
                ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(m, false);
                ai.djl.ndarray.NDArray in = m.create(x, new ai.djl.ndarray.types.Shape(1, 3, s, s));
                var last = net.split(ps, in, false);
                float[] a = last.head().apply(last.map()).get(0).toFloatArray();
                for (int back = 1; back <= 3; back++) {
                    var earlier = net.splitBack(ps, in, false, back).orElseThrow();
                    assertEquals((1L << back) * last.map().getShape().get(2), earlier.map().getShape().get(2), back + " stages back");
                    float[] b = earlier.head().apply(earlier.map()).get(0).toFloatArray();
                    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, 1e-4f, "the same network, split " + back + " stages earlier");
                }
                assertTrue(net.splitBack(ps, in, false, 4).isEmpty(), "the slim network has four stages after its stem");
            }
        }
        for (int back = 0; back <= 3; back++) {
            Heatmap h = new GradCam(classifier, back).explainResized(testImages.get(0), 1, S, S, CamMethod.HIRES_CAM);
            assertEquals(S * S, h.values().length);
        }
        assertEquals("third stage (Conv3), 4x the last map's resolution", classifier.mapDescription(2));
    }
}
