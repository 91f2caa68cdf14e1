package org.hemareview.segment;

import java.util.Optional;
import org.hemareview.image.Preprocessor;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Where the nuclear stain is, measured against the field's own red cells rather than by a fixed
 * colour: a colour deconvolution estimated per field. On the illumination-normalised image (each
 * channel divided by its local background, so the plasma is white whatever the camera's white
 * balance) every pixel's optical density (OD) is a mix of two stains. The red-cell stain is the
 * field's median stained pixel (red cells are most of any smear); the nuclear stain is the
 * direction, orthogonal to it, in which the field's most deviant pixels lie (its chromatin). A
 * pixel's nuclear amount is its OD projected on that direction, over the red cells' OD: a ratio,
 * so the stain's strength, the lamp and the camera's gamma (which scales every OD alike) cancel,
 * and one threshold serves every lab. Overlapping red cells are darker but not of another colour:
 * their OD grows along the red-cell stain and their nuclear amount stays near zero, which is what
 * rejects them. Chosen on the union of BCCD, Raabin and DeepBioNet fields (docs/segmentation.md).
 *
 * <p>A field with no stained pixels (blank, uniform) or no colour (a monochrome image, where the
 * two stains cannot be told apart) yields no nuclei and says why.
 */
final class NuclearStain {
    /** OD of the three channels summed: a pixel above this is stained (red cell, nucleus, platelet). */
    static final double STAINED_OD = 0.25;
    /** Fewer stained pixels than this share of the field: nothing to measure the red cells by. */
    static final double MIN_STAINED_SHARE = 0.002;
    /** The deviant pixels' colour this far (OD, orthogonal to the red cells') at most: the image has no colour. */
    static final double MIN_CHROMA_OD = 0.05;
    /** Share of stained pixels, the most deviant in colour, that give the nuclear stain's direction. */
    private static final double DEVIANT_SHARE = 0.005;
    /** A pixel whose brightest channel stays below this passes no light: a black frame or mask, not smear. */
    static final int OPAQUE = 20;
    /** OD of each 8-bit value against the normalised image's background level. */
    private static final float[] OD = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            OD[v] = (float) Math.max(0, Math.log(Preprocessor.WHITE / Math.max(v, 1)));
        }
    }

    private final double ratio;
    private final double minOd;
    private final double faintShare;
    private final double minRatio;
    private final double strongShare;

    /**
     * @param ratio a pixel is nuclear stain where its nuclear amount reaches this share of the red cells' OD
     * @param minOd and this absolute OD (a faint field's noise is no nucleus)
     */
    NuclearStain(double ratio, double minOd) {
        this(ratio, minOd, Double.POSITIVE_INFINITY, ratio, 0);
    }

    /**
     * The threshold also follows the field's chromatin (the mean nuclear amount of its most colour-deviant
     * pixels, which are chromatin wherever the field holds a white cell).
     *
     * @param faintShare  where the chromatin is faint, the threshold falls to this share of it ...
     * @param minRatio    ... but never below this share of the red cells' OD
     * @param strongShare where the chromatin is strong, the threshold rises to this share of it
     */
    NuclearStain(double ratio, double minOd, double faintShare, double minRatio, double strongShare) {
        this.ratio = ratio;
        this.minOd = minOd;
        this.faintShare = faintShare;
        this.minRatio = minRatio;
        this.strongShare = strongShare;
    }

    /**
     * Writes the nuclear-stain mask of the normalised BGR image {@code norm} (at {@code umPerPx}) into
     * {@code out} (CV_8U, 0/255); returns why no nuclei could be measured (the mask then empty), or empty.
     */
    Optional<String> mask(Mat norm, double umPerPx, Mat out) {
        int n = (int) norm.total();
        byte[] px = new byte[n * 3];
        norm.get(0, 0, px);
        byte[] m = new byte[n];
        out.create(norm.rows(), norm.cols(), CvType.CV_8UC1);
        boolean[] stained = new boolean[n];
        int[][][] hists = new int[3][PARTS][BINS]; // per channel, per part
        int[] counts = new int[PARTS];
        inParts(n, (part, lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float b = OD[px[i * 3] & 0xff];
                float g = OD[px[i * 3 + 1] & 0xff];
                float r = OD[px[i * 3 + 2] & 0xff];
                if (b + g + r > STAINED_OD && !opaque(px, i)) {
                    stained[i] = true;
                    counts[part]++;
                    hists[0][part][bin(b)]++;
                    hists[1][part][bin(g)]++;
                    hists[2][part][bin(r)]++;
                }
            }
        });
        int count = java.util.Arrays.stream(counts).sum();
        int[][] hist = {merged(hists[0]), merged(hists[1]), merged(hists[2])};
        double share = n == 0 ? 0 : count / (double) n;
        double[] ref = {median(hist[0], count), median(hist[1], count), median(hist[2], count)};
        double len = Math.sqrt(ref[0] * ref[0] + ref[1] * ref[1] + ref[2] * ref[2]);
        if (share < MIN_STAINED_SHARE || len < STAINED_OD / 3) {
            out.put(0, 0, m);
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "no stained cells found (%.1f %% of the field stained): blank, out of focus or not a stained smear", 100 * share));
        }
        double[] e = {ref[0] / len, ref[1] / len, ref[2] / len};
        // the residual of each stained pixel off the red-cell stain; the most deviant give the nuclear direction
        // (recomputed where needed rather than stored: three floats a pixel are 130 MB on a 98-megapixel smear)
        int[][] resHists = new int[PARTS][BINS];
        float[] resNorm = new float[n];
        inParts(n, (part, lo, hi) -> {
            int[] resHist = resHists[part];
            float[] res = new float[3];
            for (int i = lo; i < hi; i++) {
                if (stained[i]) {
                    residual(px, i, e, res);
                    resNorm[i] = (float) Math.sqrt(res[0] * res[0] + res[1] * res[1] + res[2] * res[2]);
                    resHist[bin(resNorm[i])]++;
                }
            }
        });
        // the lower edge of the quantile's bin: a field whose chromatin is one flat colour puts it all in one bin
        double deviant = quantile(merged(resHists), count, 1 - DEVIANT_SHARE) - 0.5 / 256;
        double[][] sums = new double[PARTS][4];
        inParts(n, (part, lo, hi) -> {
            double[] sum = sums[part];
            float[] res = new float[3];
            for (int i = lo; i < hi; i++) {
                if (stained[i] && resNorm[i] >= deviant) {
                    residual(px, i, e, res);
                    sum[0] += res[0];
                    sum[1] += res[1];
                    sum[2] += res[2];
                    sum[3]++;
                }
            }
        });
        double[] h = new double[3];
        int deviants = 0;
        for (double[] sum : sums) { // in part order, so the sum is the same on any number of cores
            h[0] += sum[0];
            h[1] += sum[1];
            h[2] += sum[2];
            deviants += (int) sum[3];
        }
        double hl = Math.sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
        if (deviant < MIN_CHROMA_OD || hl == 0) {
            out.put(0, 0, m);
            return Optional.of("no colour to tell nuclear stain from red cells (a monochrome or washed-out image)");
        }
        h[0] /= hl;
        h[1] /= hl;
        h[2] /= hl;
        // hysteresis: a nucleus must reach the threshold somewhere, and then takes its paler rim down
        // to GROW_SHARE of it (chromatin is densest in the middle; a tight mask splits lobes and starts
        // the border search inside the nucleus)
        // the deviant pixels' mean amount is the chromatin's own strength. On a pale field (Raabin's faint
        // lymphocytes, chromatin at 0.44-0.55 of the red cells' OD) a fixed share of the red cells misses it;
        // on a field of pale red cells (BCCD's lavender ones, OD 0.25) their purple rims pass that share, while
        // the chromatin stands at 2x the red cells: there the threshold follows the chromatin up
        double chromatin = hl / deviants / len;
        double thresholdShare = Math.max(strongShare * chromatin, Math.max(minRatio, Math.min(ratio, faintShare * chromatin)));
        double threshold = Math.max(minOd, len * thresholdShare);
        double grow = GROW_SHARE * threshold;
        byte[] strong = new byte[n];
        inParts(n, (part, lo, hi) -> {
            float[] res = new float[3];
            for (int i = lo; i < hi; i++) {
                double amount = 0;
                if (stained[i]) {
                    residual(px, i, e, res);
                    amount = res[0] * h[0] + res[1] * h[1] + res[2] * h[2];
                }
                if (amount >= grow) {
                    m[i] = (byte) 255;
                    if (amount >= threshold) {
                        strong[i] = (byte) 255;
                    }
                }
            }
        });
        out.put(0, 0, m);
        nearStrong(out, strong, GROW_UM / umPerPx);
        return Optional.empty();
    }

    /**
     * The field is measured in this many parts, on as many cores as there are: a 2560x1920 smear's
     * 550,000 working pixels took 25 ms on one core. A fixed number, so that the sums (added in part
     * order) and the mask are the same on any machine.
     */
    private static final int PARTS = 8;

    private interface PartBody {
        void run(int part, int from, int to);
    }

    private static void inParts(int n, PartBody body) {
        java.util.stream.IntStream.range(0, PARTS).parallel().forEach(p -> body.run(p, (int) ((long) n * p / PARTS), (int) ((long) n * (p + 1) / PARTS)));
    }

    /** The histograms of the parts added up. */
    private static int[] merged(int[][] parts) {
        int[] total = new int[BINS];
        for (int[] h : parts) {
            for (int b = 0; b < BINS; b++) {
                total[b] += h[b];
            }
        }
        return total;
    }

    /** The rim of a nucleus is taken down to this share of the threshold. */
    static final double GROW_SHARE = 0.75;

    /** ... and only this far from where it reaches the threshold (a platelet on a red cell must not take the red cell). */
    static final double GROW_UM = 1.0;

    private static void nearStrong(Mat mask, byte[] strong, double radiusPx) {
        Mat core = new Mat(mask.rows(), mask.cols(), CvType.CV_8UC1);
        Mat element = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE,
                new org.opencv.core.Size(2 * Math.round(radiusPx) + 1, 2 * Math.round(radiusPx) + 1));
        try {
            core.put(0, 0, strong);
            Imgproc.dilate(core, core, element);
            org.opencv.core.Core.bitwise_and(mask, core, mask);
        } finally {
            core.release();
            element.release();
        }
    }

    private static boolean opaque(byte[] px, int i) {
        return (px[i * 3] & 0xff) < OPAQUE && (px[i * 3 + 1] & 0xff) < OPAQUE && (px[i * 3 + 2] & 0xff) < OPAQUE;
    }

    /** OD histograms in 1/256 steps up to 4.0. */
    private static final int BINS = 1024;

    private static int bin(double od) {
        return Math.min(BINS - 1, (int) (od * 256));
    }

    /** Pixel {@code i}'s optical density less its part along the red-cell stain {@code e}, into {@code out}. */
    private static void residual(byte[] px, int i, double[] e, float[] out) {
        float b = OD[px[i * 3] & 0xff];
        float g = OD[px[i * 3 + 1] & 0xff];
        float r = OD[px[i * 3 + 2] & 0xff];
        double along = b * e[0] + g * e[1] + r * e[2];
        out[0] = (float) (b - along * e[0]);
        out[1] = (float) (g - along * e[1]);
        out[2] = (float) (r - along * e[2]);
    }

    private static double median(int[] hist, int count) {
        return quantile(hist, count, 0.5);
    }

    private static double quantile(int[] hist, int count, double q) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.floor(q * count);
        long seen = 0;
        for (int b = 0; b < hist.length; b++) {
            seen += hist[b];
            if (seen > rank) {
                return (b + 0.5) / 256.0;
            }
        }
        return hist.length / 256.0;
    }
}
