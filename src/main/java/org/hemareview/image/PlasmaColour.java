package org.hemareview.image;

import org.opencv.core.Mat;

/**
 * The colour of a smear's plasma (the bright background between the cells) in a BGR image: the
 * mean of the brightest 5 % of pixels. Between labs the lamp, the camera's white balance and the
 * stain's background tint differ; the plasma is the one thing every crop shows that should be
 * white, so dividing by it removes the lab's cast without touching the stain's contrast.
 */
public final class PlasmaColour {
    /** Share of the brightest pixels taken as plasma. */
    private static final double BRIGHTEST = 0.05;
    /** Where the plasma is mapped to: a little below white, so nothing clips. */
    public static final double TARGET = 235;
    /** Gains are clamped: a crop that is all cell must not be stretched into noise. */
    private static final double MIN_GAIN = 0.6;
    private static final double MAX_GAIN = 2.5;

    private PlasmaColour() {
    }

    /** Plasma colour (B, G, R) of interleaved BGR bytes. */
    public static double[] of(byte[] bgr) {
        int n = bgr.length / 3;
        int[] hist = new int[256 * 3 + 1];
        for (int i = 0; i < n; i++) {
            hist[(bgr[3 * i] & 0xFF) + (bgr[3 * i + 1] & 0xFF) + (bgr[3 * i + 2] & 0xFF)]++;
        }
        int wanted = Math.max(1, (int) Math.round(n * BRIGHTEST));
        int threshold = hist.length - 1;
        for (int seen = 0; threshold > 0 && seen + hist[threshold] < wanted; threshold--) {
            seen += hist[threshold];
        }
        double[] sum = new double[3];
        long count = 0;
        for (int i = 0; i < n; i++) {
            int s = (bgr[3 * i] & 0xFF) + (bgr[3 * i + 1] & 0xFF) + (bgr[3 * i + 2] & 0xFF);
            if (s >= threshold) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += bgr[3 * i + c] & 0xFF;
                }
                count++;
            }
        }
        return new double[] {sum[0] / count, sum[1] / count, sum[2] / count};
    }

    /** Plasma colour (B, G, R) of an 8-bit 3-channel image (a region of a larger one too). */
    public static double[] of(Mat bgr) {
        byte[] b = new byte[(int) (bgr.total() * bgr.channels())];
        bgr.get(0, 0, b); // row by row where the region is not continuous: no copy of it first
        return of(b);
    }

    /** A white-balanced copy of interleaved BGR bytes: the plasma becomes neutral grey at {@link #TARGET}. */
    public static byte[] whiteBalanced(byte[] bgr) {
        double[] plasma = of(bgr);
        int[][] lut = new int[3][256];
        for (int c = 0; c < 3; c++) {
            double gain = Math.max(MIN_GAIN, Math.min(MAX_GAIN, TARGET / Math.max(1, plasma[c])));
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (int) Math.min(255, Math.round(v * gain));
            }
        }
        byte[] out = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i++) {
            out[i] = (byte) lut[i % 3][bgr[i] & 0xFF];
        }
        return out;
    }
}
