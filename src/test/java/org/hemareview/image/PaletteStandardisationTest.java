package org.hemareview.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hemareview.TestFiles;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Colour standardisation to the reference palette, on the real PBC crops of sample-data. */
class PaletteStandardisationTest {
    static final int SIZE = 128;

    @BeforeAll
    static void opencv() {
        OpenCv.load();
    }

    static byte[] crop(Path p) {
        Mat m = Imgcodecs.imread(p.toString());
        Mat small = new Mat();
        try {
            Imgproc.resize(m, small, new Size(SIZE, SIZE), 0, 0, Imgproc.INTER_AREA);
            byte[] b = new byte[SIZE * SIZE * 3];
            small.get(0, 0, b);
            return b;
        } finally {
            m.release();
            small.release();
        }
    }

    /** Another lab's colours: a gamma and a gain per channel (a bluer, darker stain under a warmer lamp). */
    static byte[] otherLab(byte[] bgr) {
        double[] gamma = {0.75, 1.2, 1.35};
        double[] gain = {1.0, 0.9, 0.8};
        byte[] out = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i++) {
            int c = i % 3;
            out[i] = (byte) Math.min(255, Math.round(255 * gain[c] * Math.pow((bgr[i] & 0xFF) / 255.0, gamma[c])));
        }
        return out;
    }

    static double meanAbsDiff(byte[] a, byte[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return s / a.length;
    }

    @Test
    void aCropUnderAnotherLabsColoursComesOutInTheSamePalette() throws Exception {
        try (Stream<Path> files = Files.walk(TestFiles.samples().resolve("pbc-cells"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(8).toList()) {
                byte[] original = crop(p);
                byte[] shifted = otherLab(original);
                double before = meanAbsDiff(original, shifted);
                double after = meanAbsDiff(Palette.standardised(original, SIZE), Palette.standardised(shifted, SIZE));
                assertTrue(before > 15, p + ": the shift is a real one (" + before + ")");
                assertTrue(after < before / 4 && after < 6, p + ": standardised, the two differ by " + after + " (before " + before + ")");
            }
        }
    }

    @Test
    void theColourOfAFlatFillDoesNotChangeTheColoursOfTheCellBesideIt() throws Exception {
        Path p;
        try (Stream<Path> files = Files.walk(TestFiles.samples().resolve("pbc-cells"))) {
            p = files.filter(f -> f.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
        }
        byte[] original = crop(p);
        // the top third beyond the smear's edge, filled with one colour: a pale plasma in one crop, a dark grey in the other
        byte[] a = Palette.standardised(filled(original, 235, 230, 225), SIZE);
        byte[] b = Palette.standardised(filled(original, 90, 90, 90), SIZE);
        double s = 0;
        int n = 0;
        for (int i = 3 * SIZE * (SIZE / 3 + 2); i < a.length; i++) { // below the fill (and its edge)
            s += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
            n++;
        }
        assertTrue(s / n < 1, "the rest of the crop keeps its standardised colours whatever the fill: " + s / n);
    }

    private static byte[] filled(byte[] crop, int b, int g, int r) {
        byte[] out = crop.clone();
        for (int y = 0; y < SIZE / 3; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = 3 * (y * SIZE + x);
                out[i] = (byte) b;
                out[i + 1] = (byte) g;
                out[i + 2] = (byte) r;
            }
        }
        return out;
    }

    @Test
    void theMappingIsMonotoneAndEndsInTheReferencesRange() {
        int[] hist = new int[256];
        for (int v = 50; v < 200; v++) {
            hist[v] = 10;
        }
        double[] ref = new double[65];
        for (int k = 0; k < 65; k++) {
            ref[k] = 100 + k;
        }
        int[] lut = Palette.table(hist, 1500, ref);
        for (int v = 1; v < 256; v++) {
            assertTrue(lut[v] >= lut[v - 1], "monotone at " + v);
        }
        assertEquals(100, lut[0]);
        assertEquals(164, lut[255]);
        assertEquals(132, lut[125], 1, "the median level goes to the reference's median");
    }
}
