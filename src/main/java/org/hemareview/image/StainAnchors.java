package org.hemareview.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Colour standardisation by two anchors, the plasma and the nuclear stain: each CIELAB channel of a
 * crop is mapped by the straight line that takes the crop's plasma colour and its nuclear stain's
 * colour onto the reference's (PBC's). Unlike {@link Palette}'s histogram matching it does not
 * depend on what the crop holds: a crop with two or three white cells, or denser red cells, has the
 * same plasma and the same stain, where its colour ranks differ from a PBC crop's (docs/benchmarks.md,
 * issue 16, sixth round). The plasma is the mean of the brightest 5 % ({@link PlasmaColour}); the
 * stain the mean of the darkest 10 % of lightness in the central disc (radius 0.25 of the crop),
 * which lie in the crop's own nucleus: a neighbour's nucleus lies mostly outside it (centred 0.3
 * of the crop or more away where two cells touch), so a neighbour with a darker stain moves the
 * anchor little. A model trained with the whole crop's darkest 2 % (before 2026-12-03, second
 * session) sees slightly other inputs now; none is bundled. Slopes are
 * held within 1/3 to 3, so a crop without stain is not stretched into noise.
 */
public final class StainAnchors {
    /** Share of the central disc's darkest pixels taken as the nuclear stain. */
    static final double DARKEST = 0.10;
    /** Radius of the central disc the stain is taken from, as a share of the crop's side. */
    static final double STAIN_DISC = 0.25;
    private static final double MIN_SLOPE = 1 / 3.0;
    private static final double MAX_SLOPE = 3.0;
    /** Below this difference (8-bit CIELAB units) between the anchors, a channel is only shifted. */
    private static final double MIN_SPAN = 4;
    /**
     * The reference anchors, CIELAB (OpenCV 8-bit): medians over 400 PBC training crops at 128 px (seed 1) of
     * {@link #anchors}; plasma L, a, b then stain L, a, b.
     */
    static final double[] REFERENCE = {236.0, 133.0, 144.0, 58.9, 170.6, 78.2};

    /** The central disc's pixel indices per crop size: on the encoding path, measured once per size. */
    private static final java.util.Map<Integer, int[]> DISCS = new java.util.concurrent.ConcurrentHashMap<>();

    private StainAnchors() {
    }

    private static int[] disc(int size) {
        double c0 = (size - 1) / 2.0;
        double r = STAIN_DISC * size;
        return java.util.stream.IntStream.range(0, size * size).filter(i -> Math.hypot(i % size - c0, i / size - c0) <= r).toArray();
    }

    /** The crop's anchors, CIELAB: plasma L, a, b, then stain L, a, b. {@code bgr} is size x size interleaved BGR. */
    public static double[] anchors(byte[] bgr, int size) {
        return anchors(bgr, lab(bgr, size, Imgproc.COLOR_BGR2Lab), size);
    }

    /** As above, with the crop's CIELAB bytes already converted. */
    private static double[] anchors(byte[] bgr, byte[] lab, int size) {
        double[] plasma = PlasmaColour.of(bgr);
        byte[] p = lab(new byte[] {(byte) Math.round(plasma[0]), (byte) Math.round(plasma[1]), (byte) Math.round(plasma[2])}, 1, Imgproc.COLOR_BGR2Lab);
        int[] disc = DISCS.computeIfAbsent(size, StainAnchors::disc);
        int[] hist = new int[256];
        for (int i : disc) {
            hist[lab[3 * i] & 0xFF]++;
        }
        int wanted = Math.max(1, (int) Math.round(disc.length * DARKEST));
        int threshold = 0;
        for (int seen = hist[0]; threshold < 255 && seen < wanted; seen += hist[++threshold]) {
            // the lightness below which the darkest share lies
        }
        double[] sum = new double[3];
        int count = 0;
        for (int i : disc) {
            if ((lab[3 * i] & 0xFF) <= threshold) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += lab[3 * i + c] & 0xFF;
                }
                count++;
            }
        }
        return new double[] {p[0] & 0xFF, p[1] & 0xFF, p[2] & 0xFF, sum[0] / count, sum[1] / count, sum[2] / count};
    }

    /** {@code bgr} (size x size interleaved BGR) with its anchors moved onto the reference's (a new array). */
    public static byte[] standardised(byte[] bgr, int size) {
        byte[] lab = lab(bgr, size, Imgproc.COLOR_BGR2Lab); // converted once: the anchors and the mapping share it
        double[] a = anchors(bgr, lab, size);
        int[][] lut = new int[3][256];
        for (int c = 0; c < 3; c++) {
            double span = a[3 + c] - a[c];
            double refSpan = REFERENCE[3 + c] - REFERENCE[c];
            double slope = Math.abs(span) < MIN_SPAN ? 1 : Math.max(MIN_SLOPE, Math.min(MAX_SLOPE, refSpan / span));
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (int) Math.max(0, Math.min(255, Math.round(REFERENCE[c] + (v - a[c]) * slope)));
            }
        }
        int[] l = lut[0];
        int[] aa = lut[1];
        int[] bb = lut[2];
        for (int i = 0; i < lab.length; i += 3) {
            lab[i] = (byte) l[lab[i] & 0xFF];
            lab[i + 1] = (byte) aa[lab[i + 1] & 0xFF];
            lab[i + 2] = (byte) bb[lab[i + 2] & 0xFF];
        }
        return lab(lab, size, Imgproc.COLOR_Lab2BGR);
    }

    private static byte[] lab(byte[] in, int size, int code) {
        Mat m = new Mat(size, size, CvType.CV_8UC3);
        Mat out = new Mat();
        try {
            m.put(0, 0, in);
            Imgproc.cvtColor(m, out, code);
            byte[] b = new byte[in.length];
            out.get(0, 0, b);
            return b;
        } finally {
            m.release();
            out.release();
        }
    }
}
