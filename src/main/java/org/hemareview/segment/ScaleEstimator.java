package org.hemareview.segment;

import java.util.Arrays;
import org.hemareview.image.Preprocessor;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Estimates µm per pixel from the size of the red cells (7.5 µm across). Red-cell rims are found
 * as circles (OpenCV's HOUGH_GRADIENT_ALT, which scores circle quality rather than edge count, so
 * big circles through several cells do not win) on the green channel of an illumination-normalised
 * copy 480 px wide. The 80th percentile of their radii, corrected by 0.89, is the diameter: that
 * correction was measured once against BCCD's red-cell boxes and against composed smears of known
 * scale, where the raw percentile fell short by 10-12 %. Against red-cell boxes the estimate lies
 * within +-15 % on 76 % of BCCD's fields and 50 % of DeepBioNet's (docs/benchmarks.md). A 400-px
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
            int n = circles.cols();
            if (n < 5) {
                return new Scale(fallbackUmPerPx, Scale.Source.DEFAULT);
            }
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = circles.get(0, i)[2];
            }
            Arrays.sort(r);
            double radius = r[(int) Math.floor(0.8 * (n - 1))];
            double diameterPx = 2 * radius / s / BIAS;
            return new Scale(RED_CELL_UM / diameterPx, Scale.Source.ESTIMATED);
        } finally {
            small.release();
            green.release();
            circles.release();
        }
    }
}
