package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hemareview.ColourShifts;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Another lab's colours must not change the call: PBC's 80 check crops under the six shifts of
 * {@link ColourShifts} (three white balances, a stronger and a paler stain, a camera gamma), each
 * classified by the bundled model, keep the call they get unshifted in at least 90 % of cases, and
 * under every shift in at least 80 %.
 */
class CallUnderColourShiftTest {
    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    @Test
    void theBundledModelKeepsItsCallUnderSixColourShifts() throws Exception {
        List<Mat> crops;
        try (Stream<Path> s = Files.walk(org.hemareview.TestFiles.samples().resolve("pbc-reference/check"))) {
            crops = s.filter(p -> p.toString().endsWith(".jpg")).sorted().map(p -> Imgcodecs.imread(p.toString())).toList();
        }
        org.junit.jupiter.api.Assertions.assertEquals(80, crops.size(), "PBC's 80 check crops");
        List<Mat> shifted = new ArrayList<>();
        try (CellClassifier classifier = CellClassifier.load(Path.of("models/resnext-cc-slim"), ComputeDevice.detect())) {
            List<String> own = classifier.classify(crops).stream().map(Prediction::predicted).toList();
            int kept = 0;
            int cases = 0;
            StringBuilder perShift = new StringBuilder();
            double worst = 1;
            for (Map.Entry<String, UnaryOperator<float[]>> e : ColourShifts.SIX.entrySet()) {
                List<Mat> under = crops.stream().map(m -> ColourShifts.shifted(m, e.getValue())).toList();
                shifted.addAll(under);
                List<Prediction> calls = classifier.classify(under);
                int same = 0;
                for (int i = 0; i < calls.size(); i++) {
                    same += calls.get(i).predicted().equals(own.get(i)) ? 1 : 0;
                }
                kept += same;
                cases += calls.size();
                worst = Math.min(worst, same / (double) calls.size());
                perShift.append(String.format(java.util.Locale.ROOT, "%s %d/%d; ", e.getKey(), same, calls.size()));
            }
            assertTrue(kept >= 0.9 * cases, kept + " of " + cases + " calls kept: " + perShift);
            assertTrue(worst >= 0.8, "every shift keeps at least 80 %: " + perShift);
        } finally {
            crops.forEach(Mat::release);
            shifted.forEach(Mat::release);
        }
    }
}
