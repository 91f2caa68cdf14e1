package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Centre maps and the split they drive, on drawn cells at the working resolution (0.15 µm/px). */
class CentreSplitTest {
    private static final double PX_UM = 0.15;
    private static final int W = 400;
    private static final CentreSplit SPLIT = new CentreSplit(0.5, 2.5, 3.0, 0.6, 12.0);

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    private static List<int[]> circle(double cx, double cy, double r) {
        List<int[]> p = new ArrayList<>();
        for (int i = 0; i < 72; i++) {
            double a = i * Math.PI / 36;
            p.add(new int[] {(int) Math.round(cx + r * Math.cos(a)), (int) Math.round(cy + r * Math.sin(a))});
        }
        return p;
    }

    @Test
    void theTargetPeaksAtEachCellAndDipsWhereTwoCellsTouch() {
        // two 12 µm cells touching at x = 200 (image at 0.05 µm/px, map at 0.45: 9x smaller)
        List<List<int[]>> cells = List.of(circle(80, 120, 120), circle(320, 120, 120));
        float[] t = CentreMaps.target(cells, 0.05, 32, 48);
        float centreLeft = t[13 * 48 + 9];
        float centreRight = t[13 * 48 + 36];
        float contact = t[13 * 48 + 22];
        assertTrue(centreLeft > 0.85 && centreRight > 0.85, centreLeft + " / " + centreRight);
        assertTrue(contact < 0.2, "contact " + contact);
        assertEquals(0f, t[30 * 48 + 47]);
    }

    @Test
    void theInputIsPaddedToMultiplesOfEightAndCentredOnZero() {
        Mat work = new Mat(100, 130, CvType.CV_8UC3, new Scalar(255, 0, 0)); // pure blue, BGR
        int[] dims = new int[2];
        float[] in = CentreMaps.input(work, 0.15, dims);
        work.release();
        assertEquals(40, dims[0]); // 100 * 0.15 / 0.45 = 33.3 -> 33 -> 40
        assertEquals(48, dims[1]); // 130 / 3 = 43.3 -> 43 -> 48
        int plane = dims[0] * dims[1];
        assertEquals(-0.5f, in[0], 1e-6); // R
        assertEquals(0.5f, in[2 * plane], 1e-6); // B
        assertEquals(0f, in[2 * plane + 47], 1e-6); // padding
    }

    @Test
    void peaksAreTheMaximaAboveTheThresholdOnePerCell() {
        float[] map = new float[40 * 48];
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                double a = Math.exp(-(Math.pow(x - 10, 2) + Math.pow(y - 12, 2)) / 20);
                double b = Math.exp(-(Math.pow(x - 30, 2) + Math.pow(y - 12, 2)) / 20);
                double weak = 0.4 * Math.exp(-(Math.pow(x - 20, 2) + Math.pow(y - 32, 2)) / 20);
                map[y * 48 + x] = (float) Math.max(Math.max(a, b), weak);
            }
        }
        List<double[]> peaks = SPLIT.peaks(map, 48, 44, 36, 0.45);
        assertEquals(2, peaks.size());
        assertEquals(10, peaks.get(0)[0], 0.6);
        assertEquals(30, peaks.get(1)[0], 0.6);
    }

    private static int[] twoTouchingNuclei() {
        Mat m = Mat.zeros(300, W, CvType.CV_32S);
        Imgproc.circle(m, new Point(150, 150), 40, new Scalar(1), -1); // 12 µm nucleus
        Imgproc.circle(m, new Point(205, 150), 20, new Scalar(1), -1); // 6 µm nucleus pressed against it
        int[] lab = new int[(int) m.total()];
        m.get(0, 0, lab);
        m.release();
        return lab;
    }

    /** Peaks at working-image points, on a map (one third of the working resolution) that is the maximum of a bump per peak. */
    private static final int MW = W / 3;
    private static final int MH = 100;

    private static float[] map(double[]... centres) {
        float[] m = new float[MW * MH];
        for (int y = 0; y < MH; y++) {
            for (int x = 0; x < MW; x++) {
                for (double[] c : centres) {
                    double d2 = Math.pow(x - c[0] / 3, 2) + Math.pow(y - c[1] / 3, 2);
                    m[y * MW + x] = (float) Math.max(m[y * MW + x], Math.exp(-d2 / (2 * c[2] * c[2])));
                }
            }
        }
        return m;
    }

    private static List<CentreSplit.Peak> peaksAt(float[] map, double[]... at) {
        List<CentreSplit.Peak> out = new ArrayList<>();
        for (double[] p : at) {
            int mx = (int) Math.round(p[0] / 3);
            int my = (int) Math.round(p[1] / 3);
            out.add(new CentreSplit.Peak(p[0], p[1], mx, my, map[my * MW + mx]));
        }
        return out;
    }

    @Test
    void aGroupWithTwoCellCentresIsDividedBetweenThem() {
        int[] lab = twoTouchingNuclei();
        float[] map = map(new double[] {150, 150, 5}, new double[] {210, 150, 3});
        int n = SPLIT.split(lab, W, 2, peaksAt(map, new double[] {150, 150}, new double[] {210, 150}), map, MW, PX_UM, 12.0, new java.util.HashMap<>());
        assertEquals(3, n);
        assertNotEquals(lab[150 * W + 150], lab[150 * W + 215]);
        assertEquals(1, lab[150 * W + 150]);
    }

    @Test
    void aGroupWithOneCentreStaysWhole() {
        int[] lab = twoTouchingNuclei();
        float[] map = map(new double[] {160, 150, 5}, new double[] {390, 20, 3});
        int n = SPLIT.split(lab, W, 2, peaksAt(map, new double[] {160, 150}, new double[] {390, 20}), map, MW, PX_UM, 12.0, new java.util.HashMap<>());
        assertEquals(2, n);
        assertEquals(lab[150 * W + 150], lab[150 * W + 215]);
    }

    @Test
    void aCentreWithoutANucleusOfItsOwnIsNoCell() {
        int[] lab = twoTouchingNuclei();
        // the second peak sits just beyond the big nucleus' edge: its share is a sliver, smaller than a nucleus
        float[] map = map(new double[] {150, 150, 5}, new double[] {150, 205, 2});
        int n = SPLIT.split(lab, W, 2, peaksAt(map, new double[] {150, 150}, new double[] {150, 205}), map, MW, PX_UM, 12.0, new java.util.HashMap<>());
        assertEquals(2, n);
    }

    @Test
    void aGranuleSpeckBesideACentreDoesNotTakeItFromTheNucleusAroundIt() {
        int[] lab = twoTouchingNuclei();
        Mat speck = Mat.zeros(300, W, CvType.CV_32S);
        speck.put(0, 0, lab);
        Imgproc.circle(speck, new Point(237, 150), 3, new Scalar(2), -1); // a speck just beyond the small nucleus
        speck.get(0, 0, lab);
        speck.release();
        // the second centre lies nearer the speck's pixels than the small nucleus', but most of what is around it is that nucleus
        float[] map = map(new double[] {150, 150, 5}, new double[] {232, 150, 3});
        int n = SPLIT.split(lab, W, 3, peaksAt(map, new double[] {150, 150}, new double[] {232, 150}), map, MW, PX_UM, 12.0, new java.util.HashMap<>());
        assertEquals(4, n);
        assertNotEquals(lab[150 * W + 150], lab[150 * W + 205]);
        assertEquals(2, lab[150 * W + 237]);
    }

    @Test
    void theCentreModelIsAskedOnlyWhenTheScaleIsMeasured() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        CellCentreModel counting = (rgb, h, w) -> {
            calls.incrementAndGet();
            return new float[h * w];
        };
        SmearSegmenter segmenter = new SmearSegmenter(SegmentationSettings.defaults(), counting);
        try (DrawnSmear s = new DrawnSmear(800, 600).redCells(300, 200, 500, 400).cell(400, 300, 60, 40).blur()) {
            assertEquals(1, segmenter.segment(s.image, java.util.Optional.of(org.hemareview.segment.Scale.given(DrawnSmear.UM_PER_PX))).cells().size());
            assertEquals(1, calls.get());
            Segmentation estimated = segmenter.segment(s.image, java.util.Optional.empty());
            assertEquals("estimated", estimated.scale().source().key());
            assertEquals(2, calls.get());
        }
        try (DrawnSmear bare = new DrawnSmear(800, 600).cell(400, 300, 60, 40).blur()) {
            Segmentation guessed = segmenter.segment(bare.image, java.util.Optional.empty()); // no red cells to measure
            assertEquals("default", guessed.scale().source().key());
            assertEquals(2, calls.get());
        }
    }

    @Test
    void aBoxThatLeakedOverATouchingCellEndsWhereThatCellBegins() {
        java.util.Map<Integer, org.opencv.core.Rect> basins = new java.util.HashMap<>();
        basins.put(1, new org.opencv.core.Rect(100, 100, 200, 200)); // this cell
        basins.put(2, new org.opencv.core.Rect(300, 120, 160, 160)); // a touching cell on its right
        double[] nucleus = {150, 150, 250, 250};
        // the traced border leaked 150 px into the neighbour; towards the background it reaches 40 px beyond the basin
        int[] clipped = WhiteCellSegmenter.clipToNeighbours(new int[] {60, 90, 450, 310}, nucleus, 1, basins, 0.25);
        assertEquals(300 + 40, clipped[2]); // the neighbour's basin start + a quarter of its size
        assertEquals(60, clipped[0]);
        assertEquals(90, clipped[1]);
        assertEquals(310, clipped[3]);
        // a cell without a centre of its own, or without neighbours, keeps its box
        assertEquals(450, WhiteCellSegmenter.clipToNeighbours(new int[] {60, 90, 450, 310}, nucleus, 3, basins, 0.25)[2]);
        basins.remove(2);
        assertEquals(450, WhiteCellSegmenter.clipToNeighbours(new int[] {60, 90, 450, 310}, nucleus, 1, basins, 0.25)[2]);
        // the nucleus box is never cut, even when a neighbour's basin reaches into it
        basins.put(2, new org.opencv.core.Rect(200, 120, 160, 160));
        assertEquals(251, WhiteCellSegmenter.clipToNeighbours(new int[] {60, 90, 450, 310}, nucleus, 1, basins, 0.25)[2]);
    }

    @Test
    void twoPeaksWithoutAValleyBetweenThemAreOneCell() {
        int[] lab = twoTouchingNuclei();
        // one broad plateau over both nuclei: the map never dips between the two maxima
        float[] map = map(new double[] {150, 150, 12}, new double[] {210, 150, 12});
        int n = SPLIT.split(lab, W, 2, peaksAt(map, new double[] {150, 150}, new double[] {210, 150}), map, MW, PX_UM, 12.0, new java.util.HashMap<>());
        assertEquals(2, n);
        assertEquals(lab[150 * W + 150], lab[150 * W + 215]);
    }
}
