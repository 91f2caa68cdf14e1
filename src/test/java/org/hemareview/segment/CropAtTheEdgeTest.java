package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hemareview.geometry.Box;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** A cell at the smear's edge: the crop beyond the edge is plasma, not a mirror image with phantom cells. */
class CropAtTheEdgeTest {
    @Test
    void beyondTheEdgeTheCropIsFilledWithThePlasmaColour() {
        OpenCv.load();
        SegmentationSettings settings = SegmentationSettings.defaults();
        double umPerPx = settings.cropFieldUm() / 200; // a 200 px crop side
        Mat smear = new Mat(400, 400, CvType.CV_8UC3, new Scalar(225, 228, 236)); // plasma (B, G, R)
        Imgproc.circle(smear, new Point(30, 200), 25, new Scalar(150, 60, 110), -1); // a dark cell 30 px from the left edge
        SegmentedCell cell = new SegmentedCell(1, List.of(), new Box(5, 175, 50, 50), 1963, new double[] {30, 200}, true, null);
        Mat crop = new CropCutter(settings).cut(smear, cell, umPerPx);
        try {
            int side = crop.cols();
            // the left 60 px of the 200 px field lie beyond the edge; a mirror would show the cell again there
            Mat beyond = crop.submat(0, side, 0, (int) Math.floor(side * 60.0 / 200) - 2);
            double darkest = 255;
            for (int y = 0; y < beyond.rows(); y++) {
                for (int x = 0; x < beyond.cols(); x++) {
                    double[] px = beyond.get(y, x);
                    darkest = Math.min(darkest, px[1]);
                    assertEquals(225, px[0], 2, "blue at " + x + "," + y);
                    assertEquals(236, px[2], 2, "red at " + x + "," + y);
                }
            }
            assertTrue(darkest > 200, "a phantom cell beyond the edge (green " + darkest + ")");
            double[] centre = crop.get(side / 2, side / 2);
            assertEquals(60, centre[1], 2, "the cell itself is still at the crop's centre");
        } finally {
            crop.release();
            smear.release();
        }
    }
}
