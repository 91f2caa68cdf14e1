package org.hemareview.classify;

import org.hemareview.model.ColourShift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** The colour shift score on the bundled PBC reference crops: in-lab crops pass, another lab's colours do not. */
class ColourShiftScoreTest {
    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    private static List<Mat> crops(String part) throws Exception {
        try (Stream<Path> s = Files.walk(Path.of("sample-data/pbc-reference", part))) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().map(p -> Imgcodecs.imread(p.toString())).toList();
        }
    }

    private static float[][] features(List<Mat> crops) {
        return crops.stream().map(ColourShift::features).toArray(float[][]::new);
    }

    @Test
    void aUniformCropHasItsOwnLabColourAtEveryQuantile() {
        Mat m = new Mat(60, 80, CvType.CV_8UC3, new Scalar(200, 150, 220));
        Mat lab = new Mat();
        try {
            Imgproc.cvtColor(m, lab, Imgproc.COLOR_BGR2Lab);
            double[] v = lab.get(0, 0);
            float[] f = ColourShift.features(m);
            for (int c = 0; c < 3; c++) {
                float[] expected = new float[5];
                java.util.Arrays.fill(expected, (float) v[c]);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(f, c * 5, c * 5 + 5), 1e-3f);
            }
        } finally {
            m.release();
            lab.release();
        }
    }

    @Test
    void inLabCropsPassAndAnotherLabsColoursAreFlagged() throws Exception {
        List<Mat> rehearsal = crops("rehearsal");
        List<Mat> check = crops("check");
        try {
            // the 80 check crops: half give the threshold, the other half are the in-lab test
            float[][] all = features(check);
            float[][] val = java.util.Arrays.copyOfRange(all, 0, 40);
            float[][] test = java.util.Arrays.copyOfRange(all, 40, 80);
            ColourShift shift = ColourShift.fit(features(rehearsal), val, 5, 0.95, "pbc rehearsal");
            long inLab = java.util.Arrays.stream(test).filter(f -> shift.isUnlike(shift.score(f))).count();
            assertTrue(inLab <= 6, inLab + " of 40 in-lab crops flagged");
            // the same crops as a lab with a cooler lamp and a paler stain would show them
            long shifted = check.subList(40, 80).stream().map(m -> {
                Mat s = new Mat();
                Core.multiply(m, new Scalar(1.12, 1.0, 0.86), s);
                Core.add(s, new Scalar(20, 20, 20), s);
                try {
                    return shift.isUnlike(shift.score(ColourShift.features(s)));
                } finally {
                    s.release();
                }
            }).filter(b -> b).count();
            assertTrue(shifted >= 36, shifted + " of 40 re-coloured crops flagged");
        } finally {
            rehearsal.forEach(Mat::release);
            check.forEach(Mat::release);
        }
    }

    /** The bundled model carries a colour reference: its calls report that score, and another lab's colours are unlike. */
    @Test
    void theBundledModelReportsTheColourScore() throws Exception {
        List<Mat> check = crops("check");
        List<Mat> recoloured = check.stream().map(m -> {
            Mat s = new Mat();
            Core.multiply(m, new Scalar(1.12, 1.0, 0.86), s);
            Core.add(s, new Scalar(20, 20, 20), s);
            return s;
        }).toList();
        try (CellClassifier classifier = CellClassifier.load(Path.of("models/resnext-cc-slim"), ComputeDevice.detect())) {
            ColourShift colour = classifier.manifest().colourShift();
            assertTrue(colour != null, "the bundled manifest has a colour reference");
            assertEquals(colour.threshold(), classifier.manifest().shiftThreshold(), 1e-12);
            List<Prediction> own = classifier.classify(check);
            InputEncoder encoder = new InputEncoder(classifier.manifest().inputSize(), InputEncoder.ColourSpace.HSV);
            for (int i = 0; i < check.size(); i++) {
                double expected = colour.score(ColourShift.features(encoder.resize(check.get(i)), classifier.manifest().inputSize()));
                assertEquals(expected, own.get(i).shift(), 1e-6, "crop " + i);
            }
            long ownUnlike = own.stream().filter(Prediction::unlike).count();
            long otherUnlike = classifier.classify(recoloured).stream().filter(Prediction::unlike).count();
            assertTrue(ownUnlike <= 4, ownUnlike + " of PBC's own 80 check crops unlike");
            assertTrue(otherUnlike >= 72, otherUnlike + " of 80 re-coloured crops unlike");
        } finally {
            check.forEach(Mat::release);
            recoloured.forEach(Mat::release);
        }
    }

    @Test
    void aReferenceNeedsMoreCropsThanNeighbours() {
        float[][] two = {new float[ColourShift.DIMENSIONS], new float[ColourShift.DIMENSIONS]};
        assertThrows(IllegalArgumentException.class, () -> ColourShift.fit(two, two, 5, 0.95, "too few"));
    }
}
