package org.hemareview.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * How unlike the training labs' crops a crop's own colours are, before any network sees it: each
 * crop is described by quantiles of its CIELAB channels (stain, lamp, camera white balance as they
 * are), and its score is the mean squared distance, per feature standardised by the reference's
 * spread, to its {@code k} nearest reference crops. A nearest-neighbour distance rather than one
 * Gaussian per lab, because two labs with one scanner (PBC and DeepAPL, both CellaVision) overlap
 * in a Gaussian's bulk and part only in the details (docs/benchmarks.md, issue 18, "A score without
 * the network"). {@code threshold} is the {@code quantile} of held-out in-lab crops' scores.
 *
 * @param reference the reference crops' features (the training labs' train part)
 * @param spread    each feature's standard deviation over the reference (the standardisation)
 * @param k         neighbours averaged
 * @param threshold a crop scoring above is unlike the reference labs
 * @param quantile  the share of held-out in-lab crops at or below the threshold
 * @param fittedOn  which crops the reference came from
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ColourShift(float[][] reference, float[] spread, int k, double threshold, double quantile, @JsonProperty("fitted_on") String fittedOn) {
    /** Percentiles of each CIELAB channel that describe a crop. */
    static final double[] PERCENTILES = {5, 25, 50, 75, 95};
    /** Crops are reduced to this side first: the colours, not the resolution, are compared. */
    static final int SIDE = 128;
    /** Features per crop. */
    public static final int DIMENSIONS = 3 * PERCENTILES.length;

    public ColourShift {
        if (reference == null || reference.length <= k || k < 1) {
            throw new IllegalArgumentException("the colour reference needs more than k = " + k + " crops");
        }
        if (spread == null || spread.length != DIMENSIONS || Arrays.stream(reference).anyMatch(r -> r.length != DIMENSIONS)) {
            throw new IllegalArgumentException("colour features have " + DIMENSIONS + " dimensions");
        }
    }

    /** The colour features of a BGR crop (8-bit, any size). */
    public static float[] features(Mat bgr) {
        Mat small = new Mat();
        Mat lab = new Mat();
        try {
            boolean sized = bgr.cols() == SIDE && bgr.rows() == SIDE; // the bundled model's crops already are
            if (!sized) {
                Imgproc.resize(bgr, small, new Size(SIDE, SIDE), 0, 0, Imgproc.INTER_AREA);
            }
            Imgproc.cvtColor(sized ? bgr : small, lab, Imgproc.COLOR_BGR2Lab);
            int n = (int) lab.total();
            byte[] px = new byte[n * 3];
            lab.get(0, 0, px);
            // 8-bit channels: the order statistics come from a histogram, not a sort
            int[][] hist = new int[3][256];
            for (int i = 0; i < n; i++) {
                hist[0][px[i * 3] & 0xff]++;
                hist[1][px[i * 3 + 1] & 0xff]++;
                hist[2][px[i * 3 + 2] & 0xff]++;
            }
            float[] f = new float[DIMENSIONS];
            for (int c = 0; c < 3; c++) {
                for (int q = 0; q < PERCENTILES.length; q++) {
                    f[c * PERCENTILES.length + q] = (float) percentile(hist[c], n, PERCENTILES[q]);
                }
            }
            return f;
        } finally {
            small.release();
            lab.release();
        }
    }

    /** The colour features of a square crop given as size x size BGR bytes (HWC). */
    public static float[] features(byte[] bgr, int size) {
        Mat m = new Mat(size, size, org.opencv.core.CvType.CV_8UC3);
        try {
            m.put(0, 0, bgr);
            return features(m);
        } finally {
            m.release();
        }
    }

    /** Linear interpolation between the closest ranks, as numpy's default, of n values counted in {@code hist}. */
    static double percentile(int[] hist, int n, double p) {
        double pos = p / 100.0 * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(n - 1, lo + 1);
        double a = valueAt(hist, lo);
        return a + (pos - lo) * (valueAt(hist, hi) - a);
    }

    /** The value of rank {@code rank} (0-based) among the counted values. */
    private static int valueAt(int[] hist, int rank) {
        int seen = 0;
        for (int v = 0; v < hist.length; v++) {
            seen += hist[v];
            if (seen > rank) {
                return v;
            }
        }
        return hist.length - 1;
    }

    /** The crop's score (lower: more like the reference). */
    public double score(float[] f) {
        return nearest(reference, spread, k, f);
    }

    public boolean isUnlike(double score) {
        return score > threshold;
    }

    private static double nearest(float[][] reference, float[] spread, int k, float[] f) {
        double[] best = new double[k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (float[] r : reference) {
            double d = 0;
            for (int j = 0; j < DIMENSIONS; j++) {
                double v = (f[j] - r[j]) / spread[j];
                d += v * v;
            }
            if (d < best[k - 1]) {
                int i = k - 1;
                while (i > 0 && best[i - 1] > d) {
                    best[i] = best[i - 1];
                    i--;
                }
                best[i] = d;
            }
        }
        double sum = 0;
        for (double b : best) {
            sum += b;
        }
        return sum / k;
    }

    /**
     * The reference and its spread from {@code train}; the threshold at the {@code quantile} of {@code heldOut}'s
     * scores (held-out crops of the same labs; they must not be in {@code train}).
     */
    public static ColourShift fit(float[][] train, float[][] heldOut, int k, double quantile, String fittedOn) {
        if (train.length <= k) {
            throw new IllegalArgumentException("at least " + (k + 1) + " reference crops are needed, got " + train.length);
        }
        if (heldOut.length == 0) {
            throw new IllegalArgumentException("held-out crops are needed for the threshold");
        }
        float[] spread = new float[DIMENSIONS];
        for (int j = 0; j < DIMENSIONS; j++) {
            double mean = 0;
            for (float[] r : train) {
                mean += r[j];
            }
            mean /= train.length;
            double var = 0;
            for (float[] r : train) {
                var += (r[j] - mean) * (r[j] - mean);
            }
            spread[j] = (float) (Math.sqrt(var / train.length) + 1e-6);
        }
        double[] scores = Arrays.stream(heldOut).mapToDouble(f -> nearest(train, spread, k, f)).sorted().toArray();
        double threshold = scores[(int) Math.min(scores.length - 1, Math.floor(quantile * (scores.length - 1)))];
        return new ColourShift(train, spread, k, threshold, quantile, fittedOn);
    }
}
