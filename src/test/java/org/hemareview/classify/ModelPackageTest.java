package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemareview.TestFiles;
import org.hemareview.model.ModelPackageException;
import org.hemareview.train.CropDataset;
import org.hemareview.train.EpochReport;
import org.hemareview.train.TrainingListener;
import org.hemareview.train.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training a few steps on real PBC crops, and the model package round trip. */
class ModelPackageTest {
    @TempDir
    static Path dir;
    static CropDataset crops;
    static TrainingResult trained;
    static List<EpochReport> epochs = new java.util.ArrayList<>();

    @BeforeAll
    static void trainOnRealCrops() throws Exception {
        // the 16 real PBC crops in sample-data (2 per class); no augmentation, so the loss is comparable
        crops = CropDataset.load(TestFiles.samples().resolve("pbc-cells"), null, TinyModels.spec().inputSize());
        trained = TinyModels.train(crops, 6, false, new TrainingListener() {
            @Override
            public void onEpoch(EpochReport r) {
                epochs.add(r);
            }
        });
        TinyModels.write(dir.resolve("tiny"), crops, trained);
    }

    @Test
    void aFewTrainingStepsOnRealCropsLowerTheLoss() {
        assertEquals(16, crops.size());
        double first = epochs.get(0).trainLoss();
        double last = epochs.get(epochs.size() - 1).trainLoss();
        assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
    }

    @Test
    void saveAndLoadGiveBitIdenticalOutputs() throws Exception {
        byte[] crop = crops.image(3);
        float[] a;
        float[] b;
        try (CellClassifier c = CellClassifier.load(dir.resolve("tiny"), ComputeDevice.detect())) {
            a = c.classifyResized(List.of(crop)).get(0).logits();
        }
        try (CellClassifier c = CellClassifier.load(dir.resolve("tiny"), ComputeDevice.detect())) {
            b = c.classifyResized(List.of(crop)).get(0).logits();
        }
        assertArrayEquals(a, b, 0f);
        assertEquals(8, a.length);
    }

    /** Training fits the colour shift score too (issue 18), and the classifier reports it. */
    @Test
    void aTrainedModelCarriesAColourReferenceAndReportsItsScore() throws Exception {
        org.hemareview.model.ColourShift colour = trained.colourShift();
        assertTrue(colour != null, "training fitted a colour reference");
        assertEquals(16, colour.reference().length, "every training crop, fewer than the 600 per lab");
        assertTrue(Double.isFinite(colour.threshold()));
        Path pkg = dir.resolve("tiny-colour");
        org.hemareview.model.Manifest m = TinyModels.write(pkg, crops, trained);
        org.hemareview.model.ModelPackage.rewriteManifest(pkg, m.withColourShift(colour), "# tiny test model with a colour reference\n");
        try (CellClassifier c = CellClassifier.load(pkg, ComputeDevice.detect())) {
            byte[] crop = crops.image(5);
            double expected = colour.score(org.hemareview.model.ColourShift.features(crop, crops.imageSize()));
            assertEquals(expected, c.classifyResized(List.of(crop)).get(0).shift(), 1e-9);
        }
    }

    @Test
    void aChangedWeightsFileIsRefused() throws Exception {
        Path copy = dir.resolve("tampered");
        Files.createDirectories(copy);
        for (String f : List.of("manifest.json", "weights.params", "MODEL_CARD.md")) {
            Files.copy(dir.resolve("tiny").resolve(f), copy.resolve(f));
        }
        byte[] w = Files.readAllBytes(copy.resolve("weights.params"));
        w[w.length - 5] ^= 0x40;
        Files.write(copy.resolve("weights.params"), w);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> CellClassifier.load(copy, ComputeDevice.detect()));
        assertTrue(e.getMessage().contains("does not match the manifest"), e.getMessage());
    }

    @Test
    void aManifestThatDoesNotFitTheWeightsIsRefused() throws Exception {
        Path copy = dir.resolve("wrong-classes");
        Files.createDirectories(copy);
        Files.copy(dir.resolve("tiny/weights.params"), copy.resolve("weights.params"));
        String manifest = Files.readString(dir.resolve("tiny/manifest.json")).replace("\"platelet\"", "\"platelet\", \"smudge cell\"");
        Files.writeString(copy.resolve("manifest.json"), manifest);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> CellClassifier.load(copy, ComputeDevice.detect()));
        assertTrue(e.getMessage().contains("do not fit") && e.getMessage().contains("9 classes"), e.getMessage());
    }

    @Test
    void aFolderWithoutAManifestIsNotAModel() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> CellClassifier.load(empty, ComputeDevice.detect()));
        assertTrue(e.getMessage().contains("not a model package"), e.getMessage());
    }

    @Test
    void probabilitiesAreCalibratedAndSumToOne() throws Exception {
        try (CellClassifier c = CellClassifier.load(dir.resolve("tiny"), ComputeDevice.detect())) {
            Prediction p = c.classifyResized(List.of(crops.image(0))).get(0);
            double sum = 0;
            for (float v : p.probabilities()) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(3, p.top(3).size());
            assertTrue(p.top(3).get(0).probability() >= p.top(3).get(1).probability());
            assertEquals(p.predicted(), p.top(1).get(0).label());
        }
    }

    @Test
    void fineTuningStartsFromTheGivenWeights() {
        // a near-zero learning rate: the first epoch shows the starting point, not what it learned
        org.hemareview.train.TrainingConfig c = new org.hemareview.train.TrainingConfig(TinyModels.spec(), InputEncoder.ColourSpace.HSV, 1, 16,
                1e-9f, 0f, 1f, 0.05f, false, 7);
        List<EpochReport> tuned = new java.util.ArrayList<>();
        new org.hemareview.train.TrainingRun(c).run(crops, crops, trained.bestWeights(), new TrainingListener() {
            @Override
            public void onEpoch(EpochReport r) {
                tuned.add(r);
            }
        });
        double scratch = epochs.get(0).trainLoss();
        double trainedLoss = epochs.get(epochs.size() - 1).trainLoss();
        assertTrue(tuned.get(0).trainLoss() < (scratch + trainedLoss) / 2,
                "training ran on the loaded weights: loss " + tuned.get(0).trainLoss() + " (from scratch " + scratch + ", trained " + trainedLoss + ")");
    }

    @Test
    void batchesRunConcurrentlyButPredictionsKeepTheirOrder() throws Exception {
        try (CellClassifier c = CellClassifier.load(dir.resolve("tiny"), ComputeDevice.detect())) {
            List<byte[]> many = new java.util.ArrayList<>();
            for (int i = 0; i < 45; i++) { // three batches of 16, the last one short
                many.add(crops.image(i % crops.size()));
            }
            List<Prediction> together = c.classifyResized(many);
            assertEquals(45, together.size());
            for (int i = 0; i < 45; i += 7) {
                Prediction alone = c.classifyResized(List.of(many.get(i))).get(0);
                assertArrayEquals(alone.probabilities(), together.get(i).probabilities(), 1e-5f, "crop " + i);
            }
        }
    }

    @Test
    void aMultiLabModelSeesItsCropsWhiteBalancedAndSaysItIsForResearchOnly() throws Exception {
        Path pkg = dir.resolve("multilab");
        TinyModels.writeMultiLab(pkg, crops, trained);
        try (CellClassifier c = CellClassifier.load(pkg, ComputeDevice.detect())) {
            assertEquals(InputEncoder.ColourNormalisation.PLASMA, c.encoder().normalisation());
            assertTrue(org.hemareview.analysis.AboutText.notice(c.manifest()).startsWith("For research use, not for diagnosis."));
            assertTrue(String.join("\n", org.hemareview.analysis.AboutText.lines(c, "test")).contains("DeepAPL: Sidhom et al."));
            // a cast the white balance removes changes nothing the network sees
            byte[] crop = crops.image(0);
            byte[] cast = crop.clone();
            for (int i = 0; i < cast.length; i += 3) {
                cast[i] = (byte) Math.round((cast[i] & 0xFF) * 0.8); // less blue: a warm lamp
            }
            float[] a = c.classifyResized(List.of(crop)).get(0).probabilities();
            float[] b = c.classifyResized(List.of(cast)).get(0).probabilities();
            assertArrayEquals(a, b, 0.05f);
        }
        try (CellClassifier c = CellClassifier.load(dir.resolve("tiny"), ComputeDevice.detect())) {
            assertEquals(InputEncoder.ColourNormalisation.NONE, c.encoder().normalisation(), "a manifest without the field predates normalisation");
            assertTrue(org.hemareview.analysis.AboutText.notice(c.manifest()).startsWith("HemaReview suggests"));
        }
    }
}
