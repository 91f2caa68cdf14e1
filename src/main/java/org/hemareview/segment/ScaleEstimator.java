package org.hemareview.segment;

import java.util.Arrays;
import org.hemareview.image.Preprocessor;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Estimates µm per pixel from the size of the red cells (7.5 µm across). Red-cell rims are found
 * as circles (OpenCV's HOUGH_GRADIENT_ALT, which scores circle quality rather than edge count, so
 * big circles through several cells do not win) on the green channel of an illumination-normalised
 * copy 480 px wide, keeping only circles darker just inside their rim than just outside (a red cell
 * against the plasma, not a central pallor or the plasma between packed cells; {@link #darkInside}).
 * The 80th percentile of their radii, corrected by 0.89, is the diameter: that
 * correction was measured once against BCCD's red-cell boxes and against composed smears of known
 * scale, where the raw percentile fell short by 10-12 %. Against red-cell boxes the estimate lies
 * within +-15 % on 76 % of BCCD's fields and 50 % of DeepBioNet's (docs/benchmarks.md). Images larger
 * than a field ({@value #WINDOW_SIDE} px) are measured in field-sized windows ({@link #radii}). A 400-px
 * copy halves the circle search and measured as good or better, but the cell-centre network is
 * trained at the scales this estimate gives: change the two together.
 */
public final class ScaleEstimator {
    static final double RED_CELL_UM = 7.5;
    private static final int WORK_SIDE = 480;
    private static final double BIAS = 0.89;
    private final double fallbackUmPerPx;

    public ScaleEstimator(double fallbackUmPerPx) {
        this.fallbackUmPerPx = fallbackUmPerPx;
    }

    public Scale estimate(Mat bgr) {
        double[] r = radii(bgr); // in full-resolution pixels
        int n = r.length;
        if (n < 5) {
            return new Scale(fallbackUmPerPx, Scale.Source.DEFAULT);
        }
        Arrays.sort(r);
        double radius = r[(int) Math.floor(0.8 * (n - 1))];
        double diameterPx = 2 * radius / BIAS;
        return new Scale(RED_CELL_UM / diameterPx, Scale.Source.ESTIMATED);
    }

    /** A C-NMC field's width, the size the estimator was tuned at: larger images are measured in windows of it. */
    static final int WINDOW_SIDE = 2560;
    /** Windows per axis at most: four C-NMC fields hold thousands of red cells, and each costs a field's circle search. */
    private static final int MAX_WINDOWS_PER_AXIS = 2;

    /**
     * The red-cell radii, in full-resolution pixels. An image larger than a field, reduced whole to the
     * working side, shrinks its red cells towards the smallest circle searched: composed smears of 0.050
     * µm/px measured whole at 3840x2880 came out at 0.042-0.045, at 5120x3840 at 0.033, and a 10240x9600 scan
     * (3.5 px of radius against the search's 6) always fell back to the default; in field-sized windows,
     * spread evenly over the image and their circles pooled, all of them at 0.0496-0.0507.
     */
    private double[] radii(Mat bgr) {
        if (Math.max(bgr.cols(), bgr.rows()) <= WINDOW_SIDE) {
            return windowRadii(bgr);
        }
        int[] xs = windowStarts(bgr.cols());
        int[] ys = windowStarts(bgr.rows());
        // one after another: the circle search already uses every core (side by side, nine windows measured no faster)
        return java.util.stream.IntStream.range(0, xs.length * ys.length).mapToObj(k -> {
            Mat window = bgr.submat(new Rect(xs[k % xs.length], ys[k / xs.length], Math.min(WINDOW_SIDE, bgr.cols()), Math.min(WINDOW_SIDE, bgr.rows())));
            try {
                return windowRadii(window);
            } finally {
                window.release();
            }
        }).flatMapToDouble(Arrays::stream).toArray();
    }

    /**
     * Left (top) edges of the windows along a side of {@code length} px: one window, centred, up to 1.5
     * windows' length (a 2592-px camera's field is not measured twice), else the first at 0 and the last at the end.
     */
    static int[] windowStarts(int length) {
        if (length <= WINDOW_SIDE) {
            return new int[] {0};
        }
        int n = Math.min(MAX_WINDOWS_PER_AXIS, (int) Math.round(length / (double) WINDOW_SIDE));
        if (n <= 1) {
            return new int[] {(length - WINDOW_SIDE) / 2};
        }
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = (int) Math.round(i * (length - WINDOW_SIDE) / (double) (n - 1));
        }
        return starts;
    }

    /** The radii of one field's red-cell circles, found on a copy {@value #WORK_SIDE} px wide, in the field's pixels. */
    private static double[] windowRadii(Mat bgr) {
        double s = WORK_SIDE / (double) Math.max(bgr.cols(), bgr.rows());
        Mat small = new Mat();
        Mat green = new Mat();
        Mat circles = new Mat();
        try {
            // green first: every step is per channel, so reducing one channel instead of three gives the same circles
            Core.extractChannel(bgr, small, 1);
            Imgproc.resize(small, green, new Size(Math.round(bgr.cols() * s), Math.round(bgr.rows() * s)), 0, 0, Imgproc.INTER_AREA);
            Preprocessor.normaliseIllumination(green, WORK_SIDE / 5.0);
            Imgproc.HoughCircles(green, circles, Imgproc.HOUGH_GRADIENT_ALT, 1.5, 5, 150, 0.75, WORK_SIDE / 80, WORK_SIDE / 8);
            double[] r = darkInside(green, circles);
            for (int i = 0; i < r.length; i++) {
                r[i] /= s;
            }
            return r;
        } finally {
            small.release();
            green.release();
            circles.release();
        }
    }

    /**
     * The radii of the circles that are darker just inside their rim than just outside it: a red cell against
     * the plasma. The circle search also rings bright discs (a red cell's central pallor, the plasma between
     * packed cells), about half a red cell across; on a close-up field whose red cells lie at the top of the
     * radius range those are all it finds, and the scale came out twice too coarse (Raabin 114d8f35: 0.118
     * µm/px for about 0.055).
     */
    static double[] darkInside(Mat grey, Mat circles) {
        int w = grey.cols();
        int h = grey.rows();
        byte[] px = new byte[w * h];
        grey.get(0, 0, px);
        double[] kept = new double[circles.cols()];
        int n = 0;
        for (int i = 0; i < circles.cols(); i++) {
            double[] c = circles.get(0, i);
            if (rimContrast(px, w, h, c[0], c[1], c[2]) <= 0) {
                kept[n++] = c[2];
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /** Mean grey level 0.6-0.9 r from the centre minus that 1.1-1.4 r out (pixels inside the image only). */
    static double rimContrast(byte[] px, int w, int h, double cx, double cy, double r) {
        double inner = 0;
        double outer = 0;
        int ni = 0;
        int no = 0;
        int reach = (int) Math.ceil(1.4 * r);
        double r2 = r * r; // squared distances against squared bounds: no root per pixel
        for (int y = Math.max(0, (int) cy - reach); y <= Math.min(h - 1, (int) cy + reach); y++) {
            for (int x = Math.max(0, (int) cx - reach); x <= Math.min(w - 1, (int) cx + reach); x++) {
                double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / r2;
                int v = px[y * w + x] & 0xff;
                if (d2 >= 0.36 && d2 <= 0.81) {
                    inner += v;
                    ni++;
                } else if (d2 >= 1.21 && d2 <= 1.96) {
                    outer += v;
                    no++;
                }
            }
        }
        return (ni == 0 ? 0 : inner / ni) - (no == 0 ? 0 : outer / no);
    }
}
