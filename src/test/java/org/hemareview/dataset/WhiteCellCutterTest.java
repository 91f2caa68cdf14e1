package org.hemareview.dataset;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The outline that becomes a composed smear's ground truth, on drawn PBC-like crops. */
class WhiteCellCutterTest {
    private static final Scalar BACKGROUND = new Scalar(205, 228, 240); // BGR, PBC's pale cream
    private static final Scalar RED_CELL = new Scalar(175, 150, 215);
    private static final Scalar RED_CELL_RIM = new Scalar(130, 95, 170);
    private static final Scalar CYTOPLASM = new Scalar(225, 200, 195);  // pale blue
    private static final Scalar CHROMATIN = new Scalar(140, 40, 90);

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    /** Farthest outline point from the crop centre within 20 degrees of {@code angleDeg}. */
    private static double reach(MatOfPoint outline, double angleDeg) {
        double best = 0;
        for (Point p : outline.toArray()) {
            double dx = p.x - 180;
            double dy = p.y - 180;
            double a = Math.toDegrees(Math.atan2(dy, dx));
            double diff = Math.abs(((a - angleDeg) % 360 + 540) % 360 - 180);
            if (diff <= 20) {
                best = Math.max(best, Math.hypot(dx, dy));
            }
        }
        return best;
    }

    @Test
    void theOutlineFollowsTheCellNotTheRedCellsAroundIt() {
        // a lymphocyte-like cell (pale cytoplasm to r 80, nucleus r 62); red cells with dark rims lie 12 px off it
        // on the right and below: their rims are the strongest edges the rays meet
        Mat crop = new Mat(360, 360, CvType.CV_8UC3, BACKGROUND);
        try {
            for (Point c : new Point[] {new Point(180 + 80 + 12 + 60, 180), new Point(180, 180 + 80 + 12 + 60)}) {
                Imgproc.circle(crop, c, 60, RED_CELL, -1, Imgproc.LINE_AA);
                Imgproc.circle(crop, c, 56, RED_CELL_RIM, 8, Imgproc.LINE_AA);
            }
            Imgproc.circle(crop, new Point(180, 180), 80, CYTOPLASM, -1, Imgproc.LINE_AA);
            Imgproc.circle(crop, new Point(180, 180), 62, CHROMATIN, -1, Imgproc.LINE_AA);
            Imgproc.GaussianBlur(crop, crop, new Size(5, 5), 0);
            MatOfPoint outline = new WhiteCellCutter().outline(crop).orElseThrow();
            try {
                for (double angle : new double[] {0, 90, 180, -90}) {
                    double r = reach(outline, angle);
                    assertTrue(r >= 70 && r <= 92, "outline at " + angle + " deg is " + r + " px from the centre, the cell's edge is at 80");
                }
            } finally {
                outline.release();
            }
        } finally {
            crop.release();
        }
    }
}
