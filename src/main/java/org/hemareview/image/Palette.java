package org.hemareview.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Colour standardisation of a crop to a reference palette: each CIELAB channel's distribution over
 * the crop is mapped onto the reference's (histogram matching, one monotone table per channel). A
 * lab's stain, lamp and camera change the colours of a crop by roughly monotone per-channel curves;
 * after the mapping every lab's crop uses the reference's colours, its shapes and textures untouched.
 * Measured (issue 16): PBC crops re-coloured to BCCD's palette lost 30 points of accuracy with the
 * white balance and hue augmentation the multi-lab models had; sharpness loss cost nothing.
 * Pixels of a flat fill (the plasma colour beyond a smear's edge, a rotation's corners) are left out
 * of the crop's distribution: they are not the lab's colours but a constant.
 */
public final class Palette {
    private static final String RESOURCE = "/org/hemareview/classify/palette-reference.txt";
    private static final double[][] REFERENCE = load();

    private Palette() {
    }

    /** {@code bgr}, size x size interleaved BGR bytes, re-coloured to the reference palette (a new array). */
    public static byte[] standardised(byte[] bgr, int size) {
        Mat m = new Mat(size, size, CvType.CV_8UC3);
        Mat grad = new Mat();
        Mat lab = new Mat();
        Mat kernel = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 3));
        try {
            m.put(0, 0, bgr);
            Imgproc.morphologyEx(m, grad, Imgproc.MORPH_GRADIENT, kernel);
            Imgproc.cvtColor(m, lab, Imgproc.COLOR_BGR2Lab);
            int n = size * size;
            byte[] g = new byte[n * 3];
            byte[] l = new byte[n * 3];
            grad.get(0, 0, g);
            lab.get(0, 0, l);
            int[][] hist = new int[3][256];
            int textured = 0;
            int[] h0 = hist[0];
            int[] h1 = hist[1];
            int[] h2 = hist[2];
            for (int i = 0; i < 3 * n; i += 3) {
                if ((g[i] | g[i + 1] | g[i + 2]) != 0) {
                    textured++;
                    h0[l[i] & 0xFF]++;
                    h1[l[i + 1] & 0xFF]++;
                    h2[l[i + 2] & 0xFF]++;
                }
            }
            if (textured < n / 20) { // all fill, or nearly: the whole crop
                hist = new int[3][256];
                for (int i = 0; i < 3 * n; i++) {
                    hist[i % 3][l[i] & 0xFF]++;
                }
                textured = n;
            }
            int[][] lut = new int[3][];
            for (int c = 0; c < 3; c++) {
                lut[c] = table(hist[c], textured, REFERENCE[c]);
            }
            for (int c = 0; c < 3; c++) {
                int[] t = lut[c];
                for (int i = c; i < 3 * n; i += 3) {
                    l[i] = (byte) t[l[i] & 0xFF];
                }
            }
            lab.put(0, 0, l);
            Imgproc.cvtColor(lab, m, Imgproc.COLOR_Lab2BGR);
            byte[] out = new byte[n * 3];
            m.get(0, 0, out);
            return out;
        } finally {
            m.release();
            grad.release();
            lab.release();
            kernel.release();
        }
    }

    /** The value each level maps to: the reference's quantile at the level's mid-rank in the crop. */
    static int[] table(int[] hist, int total, double[] reference) {
        int[] lut = new int[256];
        long below = 0;
        int steps = reference.length - 1;
        for (int v = 0; v < 256; v++) {
            double rank = (below + hist[v] / 2.0) / total;
            double q = Math.min(steps, Math.max(0, rank * steps));
            int k = Math.min(steps - 1, (int) Math.floor(q));
            double f = q - k;
            lut[v] = (int) Math.round(reference[k] * (1 - f) + reference[k + 1] * f);
            below += hist[v];
        }
        return lut;
    }

    private static double[][] load() {
        try (InputStream in = Palette.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            List<double[]> rows = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(java.util.Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray());
                }
            }
            if (rows.size() != 3) {
                throw new IllegalStateException(RESOURCE + ": 3 channels expected, found " + rows.size());
            }
            return rows.toArray(new double[0][]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
