package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.function.Consumer;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Nucleus masks drawn at the segmenter's working resolution, 0.15 µm/px (a 1 µm gap is ~7 px). */
class LobeGroupingTest {
    private static final double PX_UM = 0.15;
    private static final LobeGrouping GROUPING = SegmentationSettings.defaults().lobeGrouping();
    private static final Scalar INK = new Scalar(255);

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    /** Groups what the drawer paints and returns the label image as an array (width 500). */
    private static int[] group(Consumer<Mat> drawer, int[] count) {
        Mat mask = Mat.zeros(300, 500, CvType.CV_8UC1);
        Mat groups = new Mat();
        try {
            drawer.accept(mask);
            count[0] = GROUPING.group(mask, groups, PX_UM);
            int[] labels = new int[(int) groups.total()];
            groups.get(0, 0, labels);
            return labels;
        } finally {
            mask.release();
            groups.release();
        }
    }

    private static int at(int[] labels, int x, int y) {
        return labels[y * 500 + x];
    }

    @Test
    void neutrophilLobesWithGapsAreOneNucleus() {
        int[] n = new int[1];
        // three 2.4 µm-thick lobes around a centre, 1.2 µm apart at their tips
        int[] labels = group(m -> {
            for (int i = 0; i < 3; i++) {
                double a = 2 * Math.PI * i / 3;
                Imgproc.ellipse(m, new Point(Math.round(250 + 20 * Math.cos(a)), Math.round(150 + 20 * Math.sin(a))), new Size(22, 8),
                        Math.toDegrees(a) + 90, 0, 360, INK, -1);
            }
        }, n);
        assertEquals(2, n[0], "one group besides the background");
        assertEquals(at(labels, 270, 150), at(labels, 240, 167));
    }

    @Test
    void lobesFarApartAreOneNucleusWhileTheGroupStaysCompact() {
        // Raabin's neutrophils at 0.055 µm/px: lobes 2-3 µm apart (here 2.4 µm, 10 µm across), their strands too thin for the stain mask
        Consumer<Mat> lobes = m -> {
            for (int i = 0; i < 3; i++) {
                double a = 2 * Math.PI * i / 3;
                Imgproc.ellipse(m, new Point(Math.round(250 + 24 * Math.cos(a)), Math.round(150 + 24 * Math.sin(a))), new Size(22, 8),
                        Math.toDegrees(a) + 90, 0, 360, INK, -1);
            }
        };
        int[] n = new int[1];
        int[] labels = group(lobes, n);
        assertEquals(2, n[0], "one group besides the background");
        assertEquals(at(labels, 274, 150), at(labels, 238, 171));
        Mat mask = Mat.zeros(300, 500, CvType.CV_8UC1);
        Mat groups = new Mat();
        try {
            lobes.accept(mask);
            assertEquals(4, new LobeGrouping(1.4, 17, 0, 0, 12).group(mask, groups, PX_UM), "the lobes lie beyond the plain lobe gap");
        } finally {
            mask.release();
            groups.release();
        }
    }

    @Test
    void twoSmallNucleiBeyondTheLobeGapStayTwoCells() {
        int[] n = new int[1];
        // two 7 µm lymphocyte nuclei 2.5 µm apart: 16.5 µm together, longer than a widely lobed nucleus
        int[] labels = group(m -> {
            Imgproc.circle(m, new Point(200, 150), 23, INK, -1);
            Imgproc.circle(m, new Point(263, 150), 23, INK, -1);
        }, n);
        assertEquals(3, n[0]);
        assertNotEquals(at(labels, 200, 150), at(labels, 263, 150));
    }

    @Test
    void nucleiOfTwoCellsCloseTogetherStayApart() {
        int[] n = new int[1];
        // two 9 µm round nuclei, 1 µm apart: together 19 µm across, longer than one nucleus can be
        int[] labels = group(m -> {
            Imgproc.circle(m, new Point(180, 150), 30, INK, -1);
            Imgproc.circle(m, new Point(247, 150), 30, INK, -1);
        }, n);
        assertEquals(3, n[0]);
        assertNotEquals(at(labels, 180, 150), at(labels, 247, 150));
    }

    @Test
    void groupingStopsAtTheNextCellInsteadOfChaining() {
        int[] n = new int[1];
        // a bilobed nucleus (lobes 0.75 µm apart, 13 µm across) and, 1.2 µm beyond, the next cell's 7 µm nucleus:
        // lobe + neighbour alone would be short enough, but the closer lobes join first
        int[] labels = group(m -> {
            Imgproc.circle(m, new Point(120, 150), 20, INK, -1);
            Imgproc.circle(m, new Point(165, 150), 20, INK, -1);
            Imgproc.circle(m, new Point(217, 150), 24, INK, -1);
        }, n);
        assertEquals(3, n[0]);
        assertEquals(at(labels, 120, 150), at(labels, 165, 150), "the two lobes are one nucleus");
        assertNotEquals(at(labels, 165, 150), at(labels, 217, 150), "the neighbour is not a third lobe");
    }

    @Test
    void aSpeckJoinsItsNucleusEvenWhereThatMakesItLong() {
        int[] n = new int[1];
        // a 16.5 µm nucleus and a 1.2 µm speck 1 µm off its end
        int[] labels = group(m -> {
            Imgproc.ellipse(m, new Point(200, 150), new Size(55, 35), 0, 0, 360, INK, -1);
            Imgproc.circle(m, new Point(266, 150), 4, INK, -1);
        }, n);
        assertEquals(2, n[0]);
        assertEquals(at(labels, 200, 150), at(labels, 266, 150));
    }
}
