package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** The nuclear-stain mask on drawn fields: faint chromatin, a black frame. */
class NuclearStainTest {
    private static final NuclearStain DEFAULT = SegmentationSettings.defaults().nuclearStain();

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    /** Chromatin this much lighter than {@link DrawnSmear}'s: towards the paper colour by {@code share}. */
    private static Scalar faintChromatin(double share) {
        double[] paper = {215, 232, 248};
        double[] chromatin = {140, 40, 90};
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            c[i] = chromatin[i] + share * (paper[i] - chromatin[i]);
        }
        return new Scalar(c);
    }

    private static int maskedIn(Mat mask, Rect r) {
        try (var roi = new Closing(mask.submat(r))) {
            return Core.countNonZero(roi.mat);
        }
    }

    @Test
    void faintChromatinIsFoundAgainstTheFieldsOwnChromatin() {
        try (DrawnSmear smear = new DrawnSmear(900, 700).redCells(300, 200, 600, 500); Closing mask = new Closing(new Mat())) {
            // a nucleus whose chromatin reaches well under 0.45 of the red cells' OD, but is still the field's
            // most deviant colour (Raabin's faint lymphocytes)
            Imgproc.circle(smear.image, new Point(450, 350), 55, faintChromatin(0.55), -1, Imgproc.LINE_AA);
            Rect nucleus = new Rect(410, 310, 80, 80);
            int area = nucleus.width * nucleus.height;
            try (Closing fixed = new Closing(new Mat())) {
                new NuclearStain(0.45, 0.1).mask(smear.image, DrawnSmear.UM_PER_PX, fixed.mat);
                assertTrue(maskedIn(fixed.mat, nucleus) < 0.05 * area, "the fixed share of the red cells misses it (else the test proves nothing)");
            }
            DEFAULT.mask(smear.image, DrawnSmear.UM_PER_PX, mask.mat);
            assertTrue(maskedIn(mask.mat, nucleus) > 0.95 * area, "found against the chromatin's own strength");
            assertEquals(0, maskedIn(mask.mat, new Rect(0, 0, 250, 150)), "the red cells stay out");
        }
    }

    @Test
    void thePurpleRimsOfPaleRedCellsStayOutWhereTheChromatinIsStrong() {
        try (DrawnSmear smear = new DrawnSmear(900, 700).cell(450, 350, 90, 50); Closing fixed = new Closing(new Mat());
             Closing adaptive = new Closing(new Mat())) {
            // pale red cells (BCCD's lavender ones) whose rims lean towards the nuclear colour: against the red
            // cells' faint OD the rims pass the fixed share, against the chromatin they are nothing
            for (int y = 60; y < 700; y += 110) {
                for (int x = 60; x < 900; x += 110) {
                    if (Math.hypot(x - 450, y - 350) > 160) {
                        Imgproc.circle(smear.image, new Point(x, y), 37, RIM, -1, Imgproc.LINE_AA);
                        Imgproc.circle(smear.image, new Point(x, y), 31, PALE_RED_CELL, -1, Imgproc.LINE_AA);
                    }
                }
            }
            Rect redCells = new Rect(0, 0, 250, 150);
            new NuclearStain(0.45, 0.1).mask(smear.image, DrawnSmear.UM_PER_PX, fixed.mat);
            assertTrue(maskedIn(fixed.mat, redCells) > 500, "the fixed share takes the rims (else the test proves nothing)");
            DEFAULT.mask(smear.image, DrawnSmear.UM_PER_PX, adaptive.mat);
            assertEquals(0, maskedIn(adaptive.mat, redCells), "the rims stay out");
            Rect nucleus = new Rect(415, 315, 70, 70);
            assertTrue(maskedIn(adaptive.mat, nucleus) > 0.95 * nucleus.area(), "the nucleus is found");
        }
    }

    private static final Scalar PALE_RED_CELL = new Scalar(205, 200, 235);
    /** The pale red cell a fifth of the way towards {@link DrawnSmear}'s chromatin. */
    private static final Scalar RIM = new Scalar(192, 168, 206);

    @Test
    void aBlackFrameIsNotStainAndDoesNotHideTheNuclei() {
        try (DrawnSmear smear = new DrawnSmear(900, 700).redCells(300, 200, 600, 500).cell(450, 350, 90, 50); Closing mask = new Closing(new Mat())) {
            // a black band along the top, 6 % of the field (a camera's mask): far more than the 0.5 % most
            // deviant pixels, so counted as stain it became the "nuclear" colour and no nucleus was found
            Imgproc.rectangle(smear.image, new Point(0, 0), new Point(899, 41), new Scalar(0, 0, 2), -1);
            DEFAULT.mask(smear.image, DrawnSmear.UM_PER_PX, mask.mat);
            assertEquals(0, maskedIn(mask.mat, new Rect(0, 0, 900, 42)), "the frame is no nucleus");
            Rect nucleus = new Rect(415, 315, 70, 70);
            assertTrue(maskedIn(mask.mat, nucleus) > 0.95 * nucleus.area(), "the nucleus is found");
        }
    }

    /** A Mat in try-with-resources. */
    private record Closing(Mat mat) implements AutoCloseable {
        @Override
        public void close() {
            mat.release();
        }
    }
}
