package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Nucleus groups drawn at the segmenter's working resolution (0.15 µm/px), all labelled 1. */
class WaistCutTest {
    private static final double PX_UM = 0.15;
    private static final WaistCut CUT = SegmentationSettings.defaults().waistCut();

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    /** Draws with OpenCV into a label image and returns its labels; the drawer fills with label 1. */
    private static int[] draw(java.util.function.Consumer<Mat> drawer) {
        Mat m = Mat.zeros(300, 400, CvType.CV_32S);
        try {
            drawer.accept(m);
            int[] labels = new int[(int) m.total()];
            m.get(0, 0, labels);
            return labels;
        } finally {
            m.release();
        }
    }

    private static int labelAt(int[] labels, int x, int y) {
        return labels[y * 400 + x];
    }

    @Test
    void twoRoundNucleiJoinedByAThinBridgeAreCutApart() {
        // 8 µm nuclei, centres 11 µm apart (the group is 19 µm long), a 0.45 µm bridge between them
        int[] labels = draw(m -> {
            Imgproc.circle(m, new Point(130, 150), 27, new Scalar(1), -1);
            Imgproc.circle(m, new Point(203, 150), 27, new Scalar(1), -1);
            Imgproc.rectangle(m, new Point(150, 149), new Point(185, 151), new Scalar(1), -1);
        });
        int n = CUT.cut(labels, 400, 2, PX_UM);
        assertEquals(3, n, "one new label");
        assertEquals(1, labelAt(labels, 130, 150));
        assertEquals(2, labelAt(labels, 203, 150));
        assertEquals(labelAt(labels, 110, 150), labelAt(labels, 150, 140), "each nucleus stays whole");
        assertEquals(labelAt(labels, 225, 150), labelAt(labels, 185, 160));
    }

    @Test
    void twoNucleiWithAGapAreCutAtTheGap() {
        // an erythroblast's round nucleus 1.5 µm from an eosinophil's elongated lobe pair: 20 µm in all
        int[] labels = draw(m -> {
            Imgproc.circle(m, new Point(100, 150), 23, new Scalar(1), -1);
            Imgproc.ellipse(m, new Point(180, 150), new Size(45, 25), 0, 0, 360, new Scalar(1), -1);
        });
        assertEquals(3, CUT.cut(labels, 400, 2, PX_UM));
        assertNotEquals(labelAt(labels, 100, 150), labelAt(labels, 180, 150));
    }

    @Test
    void aLargeSolidNucleusIsNotCut() {
        // a monocyte-sized kidney: 19 µm long but solid across its middle
        int[] labels = draw(m -> Imgproc.ellipse(m, new Point(200, 150), new Size(63, 45), 20, 0, 360, new Scalar(1), -1));
        assertEquals(2, CUT.cut(labels, 400, 2, PX_UM));
    }

    @Test
    void aBilobedNucleusWithACleanGapStaysOne() {
        // two 5 µm lobes 2.5 µm apart: 12.8 µm long, far below any two-cell group
        int[] labels = draw(m -> {
            Imgproc.circle(m, new Point(160, 150), 17, new Scalar(1), -1);
            Imgproc.circle(m, new Point(211, 150), 17, new Scalar(1), -1);
        });
        assertEquals(2, CUT.cut(labels, 400, 2, PX_UM));
        assertEquals(1, labelAt(labels, 211, 150));
    }

    @Test
    void aGranuleOffTheEndIsNotCutOff() {
        // a 17 µm nucleus with a granule 0.75 µm off its end: the gap lies outside the middle half
        int[] labels = draw(m -> {
            Imgproc.ellipse(m, new Point(180, 150), new Size(58, 40), 0, 0, 360, new Scalar(1), -1);
            Imgproc.circle(m, new Point(248, 150), 5, new Scalar(1), -1);
        });
        assertEquals(2, CUT.cut(labels, 400, 2, PX_UM));
    }
}
