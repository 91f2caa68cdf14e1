package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The scale comes from red cells, which are darker than the plasma around them; the bright discs the
 * circle search also finds (central pallor, plasma between packed cells) must not set it.
 */
class ScaleEstimatorTest {
    private static final int RADIUS = 50;

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    /** A 960x720 field: a grid of discs of one grey level on a background of another, slightly blurred. */
    private static Mat field(double disc, double background) {
        Mat m = new Mat(720, 960, CvType.CV_8UC3, new Scalar(background, background, background));
        for (int y = 80; y < 720 - 60; y += 140) {
            for (int x = 80; x < 960 - 60; x += 140) {
                Imgproc.circle(m, new Point(x, y), RADIUS, new Scalar(disc, disc, disc), -1, Imgproc.LINE_AA);
            }
        }
        Imgproc.GaussianBlur(m, m, new Size(5, 5), 1.5);
        return m;
    }

    @Test
    void darkDiscsOnBrightPlasmaAreRedCellsAndGiveTheirScale() {
        Mat m = field(110, 235);
        try {
            Scale s = new ScaleEstimator(0.05).estimate(m);
            assertEquals(Scale.Source.ESTIMATED, s.source());
            // 7.5 µm over the discs' 100 px, less the estimator's 0.89 correction of the circles' radii
            assertEquals(7.5 / (2 * RADIUS / 0.89), s.umPerPx(), 0.2 * 7.5 / (2 * RADIUS / 0.89));
        } finally {
            m.release();
        }
    }

    @Test
    void brightDiscsOnDarkCellsArePallorNotRedCellsAndGiveNoScale() {
        Mat m = field(235, 110); // the same circles, inverted: what a close-up of packed red cells shows
        try {
            Scale s = new ScaleEstimator(0.05).estimate(m);
            assertEquals(Scale.Source.DEFAULT, s.source(), "no red cell was measured: the default scale, said as such");
            assertEquals(0.05, s.umPerPx());
        } finally {
            m.release();
        }
    }

    @Test
    void anImageOfManyFieldsIsMeasuredInFieldSizedWindowsNotShrunkWhole() {
        Mat field = field(110, 235);
        Mat large = new Mat();
        try {
            Core.repeat(field, 6, 5, large); // 4800x4320: reduced whole to 480 px its discs would be 5 px across, below the search
            Scale one = new ScaleEstimator(0.05).estimate(field);
            Scale many = new ScaleEstimator(0.05).estimate(large);
            assertEquals(Scale.Source.ESTIMATED, many.source(), "the large image's red cells were measured");
            assertEquals(one.umPerPx(), many.umPerPx(), 0.1 * one.umPerPx(), "the same discs give the same scale");
        } finally {
            field.release();
            large.release();
        }
    }

    @Test
    void theWindowsSpanTheImageFromEdgeToEdgeOrSitInItsMiddle() {
        assertArrayEquals(new int[] {0}, ScaleEstimator.windowStarts(2000));
        assertArrayEquals(new int[] {320}, ScaleEstimator.windowStarts(3200), "up to 1.5 fields: one window, centred");
        assertArrayEquals(new int[] {0, 2240}, ScaleEstimator.windowStarts(4800));
        assertArrayEquals(new int[] {0, 7680}, ScaleEstimator.windowStarts(10240)); // two per axis at most
    }
}
