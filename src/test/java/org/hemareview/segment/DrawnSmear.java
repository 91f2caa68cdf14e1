package org.hemareview.segment;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Hand-drawn smears at 0.1 µm/px for segmentation tests: every cell is where the test put it. */
final class DrawnSmear implements AutoCloseable {
    static final double UM_PER_PX = 0.1;
    private static final Scalar PAPER = new Scalar(215, 232, 248);      // BGR cream
    private static final Scalar RED_CELL = new Scalar(185, 160, 215);   // pink-mauve
    private static final Scalar CYTOPLASM = new Scalar(228, 214, 226);  // pale lilac
    private static final Scalar CHROMATIN = new Scalar(140, 40, 90);    // dark purple
    final Mat image;

    DrawnSmear(int w, int h) {
        image = new Mat(h, w, CvType.CV_8UC3, PAPER);
    }

    /** Red cells (7.5 µm) on a loose grid, leaving the given rectangle free. */
    DrawnSmear redCells(int freeX0, int freeY0, int freeX1, int freeY1) {
        for (int y = 40; y < image.rows(); y += 90) {
            for (int x = 40 + (y / 90 % 2) * 45; x < image.cols(); x += 90) {
                if (x > freeX0 - 40 && x < freeX1 + 40 && y > freeY0 - 40 && y < freeY1 + 40) {
                    continue;
                }
                Imgproc.circle(image, new Point(x, y), 37, RED_CELL, -1, Imgproc.LINE_AA);
            }
        }
        return this;
    }

    /** A round white cell: cytoplasm of radius r, nucleus of radius rn. */
    DrawnSmear cell(double x, double y, int r, int rn) {
        Imgproc.circle(image, new Point(x, y), r, CYTOPLASM, -1, Imgproc.LINE_AA);
        Imgproc.circle(image, new Point(x, y), rn, CHROMATIN, -1, Imgproc.LINE_AA);
        return this;
    }

    /** A neutrophil: one cytoplasm disc, three nucleus lobes separated by thin gaps. */
    DrawnSmear neutrophil(double x, double y) {
        Imgproc.circle(image, new Point(x, y), 60, CYTOPLASM, -1, Imgproc.LINE_AA);
        for (int i = 0; i < 3; i++) {
            double a = 2 * Math.PI * i / 3;
            Imgproc.ellipse(image, new Point(x + 24 * Math.cos(a), y + 24 * Math.sin(a)), new Size(19, 13), Math.toDegrees(a) + 90, 0, 360,
                    CHROMATIN, -1, Imgproc.LINE_AA);
        }
        return this;
    }

    /** A platelet: 2.5 µm, stained like chromatin. */
    DrawnSmear platelet(double x, double y) {
        Imgproc.circle(image, new Point(x, y), 12, CHROMATIN, -1, Imgproc.LINE_AA);
        return this;
    }

    DrawnSmear blur() {
        Imgproc.GaussianBlur(image, image, new Size(5, 5), 0);
        return this;
    }

    @Override
    public void close() {
        image.release();
    }
}
