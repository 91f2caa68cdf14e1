package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.hemareview.geometry.Box;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** A white cell with another beside it: the crop shows its own cell, the neighbour painted over in the plasma's colour. */
class CropOfACrowdedCellTest {
    private static final Scalar PLASMA = new Scalar(225, 228, 236);
    private static final Scalar CELL = new Scalar(150, 60, 110);
    private static final Scalar RED_CELL = new Scalar(170, 150, 215);

    @BeforeAll
    static void opencv() {
        OpenCv.load();
    }

    /** A traced outline: a circle of 72 points. */
    private static SegmentedCell disc(int id, double cx, double cy, double r) {
        List<int[]> polygon = new ArrayList<>();
        for (int i = 0; i < 72; i++) {
            polygon.add(new int[] {(int) Math.round(cx + r * Math.cos(i * Math.PI / 36)), (int) Math.round(cy + r * Math.sin(i * Math.PI / 36))});
        }
        Box box = new Box((int) (cx - r), (int) (cy - r), (int) (2 * r), (int) (2 * r));
        return new SegmentedCell(id, polygon, box, Math.PI * r * r, new double[] {cx, cy}, false, null);
    }

    private static Mat smear() {
        Mat smear = new Mat(400, 400, CvType.CV_8UC3, PLASMA);
        Imgproc.circle(smear, new Point(200, 200), 30, CELL, -1); // the cell
        Imgproc.circle(smear, new Point(255, 200), 30, CELL, -1); // its neighbour, pressed against it (their outlines overlap by 5 px)
        Imgproc.circle(smear, new Point(200, 260), 20, RED_CELL, -1); // a red cell, which stays
        return smear;
    }

    /** The crop of {@code cell} showing {@code fieldPx} smear pixels across, with the smear's cells {@code others}. */
    private static Mat cut(Mat smear, SegmentedCell cell, int fieldPx, List<SegmentedCell> others) {
        SegmentationSettings settings = SegmentationSettings.defaults();
        return new CropCutter(settings).cut(smear, cell, settings.cropFieldUm() / fieldPx, others);
    }

    /** The crop's pixel (B, G, R) at a field position: column {@code col}, row {@code row} of its {@code fieldPx} smear pixels. */
    private static double[] at(Mat crop, int fieldPx, int col, int row) {
        double scale = crop.cols() / (double) fieldPx;
        return crop.get((int) (row * scale), (int) (col * scale));
    }

    @Test
    void theNeighbourIsPaintedOverAndTheCellAndTheRedCellStay() {
        SegmentedCell cell = disc(1, 200, 200, 30);
        SegmentedCell neighbour = disc(2, 255, 200, 30);
        Mat smear = smear();
        Mat crop = cut(smear, cell, 200, List.of(cell, neighbour)); // the crop covers x 100-300 of the smear
        Mat asCut = cut(smear, cell, 200, List.of());
        try {
            double[] atNeighbour = at(crop, 200, 160, 100);
            assertEquals(236, atNeighbour[2], 3, "the neighbour's centre is plasma now");
            assertEquals(228, atNeighbour[1], 3);
            assertEquals(60, at(asCut, 200, 160, 100)[1], 3, "without the smear's other cells, the crop is as cut");
            assertEquals(60, at(crop, 200, 100, 100)[1], 3, "the cell itself stays");
            assertEquals(60, at(crop, 200, 126, 100)[1], 3, "where the two outlines overlap, the cell's own stays");
            assertEquals(150, at(crop, 200, 100, 160)[1], 3, "the red cell stays");
        } finally {
            crop.release();
            asCut.release();
            smear.release();
        }
    }

    @Test
    void aNeighbourWhoseOutlineReachesInBeyondItsBoxIsPaintedToo() {
        SegmentedCell cell = disc(1, 200, 200, 30);
        SegmentedCell wide = disc(2, 255, 200, 30);
        SegmentedCell boxedByItsNucleus = new SegmentedCell(2, wide.polygon(), new Box(252, 190, 20, 20), wide.area(), wide.centroid(), false, null);
        Mat smear = smear();
        Mat crop = cut(smear, cell, 100, List.of(cell, boxedByItsNucleus)); // the crop covers x 150-250
        try {
            assertEquals(228, at(crop, 100, 97, 50)[1], 3, "the neighbour's rim inside the crop is plasma");
        } finally {
            crop.release();
            smear.release();
        }
    }

    @Test
    void aNeighbourOutsideTheCropChangesNothing() {
        SegmentedCell cell = disc(1, 200, 200, 30);
        Mat smear = smear();
        Mat alone = cut(smear, cell, 100, List.of()); // the crop covers x 150-250
        Mat withFar = cut(smear, cell, 100, List.of(cell, disc(3, 370, 40, 20)));
        Mat diff = new Mat();
        try {
            org.opencv.core.Core.absdiff(alone, withFar, diff);
            double[] sum = org.opencv.core.Core.sumElems(diff).val;
            assertEquals(0, sum[0] + sum[1] + sum[2], "a cell that does not reach into the crop paints nothing");
        } finally {
            diff.release();
            alone.release();
            withFar.release();
            smear.release();
        }
    }

    @Test
    void aCrowdedCellAtTheImageEdgeGetsPlasmaBeyondTheEdgeAndOverItsNeighbour() {
        Mat smear = new Mat(400, 400, CvType.CV_8UC3, PLASMA);
        Imgproc.circle(smear, new Point(30, 200), 25, CELL, -1);
        Imgproc.circle(smear, new Point(90, 200), 25, CELL, -1);
        SegmentedCell cell = disc(1, 30, 200, 25);
        Mat crop = cut(smear, cell, 200, List.of(cell, disc(2, 90, 200, 25))); // the crop covers x -70-130: 70 px beyond the left edge
        try {
            assertEquals(228, at(crop, 200, 20, 100)[1], 3, "beyond the edge: plasma");
            assertEquals(228, at(crop, 200, 160, 100)[1], 3, "the neighbour: plasma");
            assertEquals(60, at(crop, 200, 100, 100)[1], 3, "the cell stays");
        } finally {
            crop.release();
            smear.release();
        }
    }
}
