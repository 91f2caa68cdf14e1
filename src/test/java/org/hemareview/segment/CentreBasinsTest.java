package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hemareview.TestFiles;
import org.hemareview.dataset.GroundTruthCell;
import org.hemareview.dataset.GroundTruthJson;
import org.hemareview.dataset.GroundTruthSmear;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** Cells as basins of the centre map: the flood, the sharpness test, and the segmenter with a perfect map. */
class CentreBasinsTest {
    private static final int W = 48;
    private static final int H = 24;

    /** A cone of height {@code top} falling to 0 at {@code radius}. */
    private static void cone(float[] map, double cx, double cy, double radius, float top) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = top * (1 - Math.hypot(x - cx, y - cy) / radius);
                map[y * W + x] = (float) Math.max(map[y * W + x], v);
            }
        }
    }

    private static CentreSplit.Peak peak(double x, double y, float value) {
        return new CentreSplit.Peak(x, y, x, y, value);
    }

    /** Two cells of radius 10 whose centres lie 18 apart: they overlap, with a valley at x = 21. */
    private static CentreBasins twoTouchingCells() {
        float[] map = new float[W * H];
        cone(map, 12, 12, 10, 1f);
        cone(map, 30, 12, 10, 1f);
        return CentreBasins.flood(map, W, W, H, List.of(peak(12, 12, 1f), peak(30, 12, 1f)), 0.1, 0.3, 0.85);
    }

    @Test
    void twoTouchingCellsEachKeepTheirBasinAndMeetInTheValley() {
        CentreBasins b = twoTouchingCells();
        assertEquals(0, b.at(12, 12));
        assertEquals(0, b.at(19, 12)); // nearer the first centre, below the valley
        assertEquals(1, b.at(23, 12));
        assertEquals(1, b.at(38, 12));
        assertEquals(-1, b.at(45, 2)); // background, below the floor
        assertEquals(-1, b.at(2, 23));
        // each basin stops at the valley: the first one's box never reaches past the midpoint (x = 21)
        assertTrue(b.box(0).x + b.box(0).width <= 22, "first basin " + b.box(0));
        assertTrue(b.box(1).x >= 21, "second basin " + b.box(1));
        assertTrue(b.sharp(0) && b.sharp(1));
    }

    @Test
    void aMapSmearedOverTheSurroundingsIsNotSharp() {
        float[] clean = new float[W * H];
        cone(clean, 24, 12, 10, 0.95f);
        float[] smeared = clean.clone();
        for (int i = 0; i < smeared.length; i++) {
            smeared[i] = Math.max(smeared[i], 0.2f); // a low plateau over the neighbouring red cells
        }
        List<CentreSplit.Peak> centre = List.of(peak(24, 12, 0.95f));
        assertTrue(CentreBasins.flood(clean, W, W, H, centre, 0.1, 0.3, 0.85).sharp(0));
        CentreBasins wide = CentreBasins.flood(smeared, W, W, H, centre, 0.1, 0.3, 0.85);
        assertFalse(wide.sharp(0));
        assertEquals(0, wide.at(2, 2)); // the smeared basin spreads over the whole field
    }

    @Test
    void aCellHoldsOnlyThePointsOfItsOwnBasin() {
        CentreBasins b = twoTouchingCells();
        CentreBasins.Cell first = b.cell(0, 10, 10); // 10 image pixels per map pixel
        assertTrue(first.holds(125, 125));
        assertFalse(first.holds(300, 125)); // the neighbour's basin
        assertEquals(b.box(0).x * 10, first.box().x);
        assertEquals((b.box(0).x + b.box(0).width) * 10, first.box().x + first.box().width);
    }

    /**
     * With a perfect centre map (the training target drawn from the true outlines) the cells of the
     * committed composed smears are found, touching ones included: what is left to miss is mostly
     * the network's, not the segmenter's. One is known to stay split: a waisted basophil on
     * composed-004 whose exact distance map has two maxima with a saddle at ~0.7 of the lower,
     * each beside a piece of its nucleus, which is what two touching cells look like too.
     */
    @Test
    void withAPerfectMapTheCellsOfTheSampleSmearsAreFound() throws Exception {
        OpenCv.load();
        DetectionScore score = new DetectionScore(0.5);
        for (int n = 1; n <= 5; n++) {
            Path image = TestFiles.composedSmear(n);
            GroundTruthSmear truth = GroundTruthJson.read(GroundTruthJson.besides(image));
            List<List<int[]>> outlines = truth.cells().stream().map(GroundTruthCell::polygon).toList();
            CellCentreModel perfect = (rgb, h, w) -> CentreMaps.target(outlines, truth.umPerPx(), h, w);
            WhiteCellSegmenter segmenter = new WhiteCellSegmenter(SegmentationSettings.defaults(), perfect);
            Mat bgr = Imgcodecs.imread(image.toString());
            try {
                Segmentation s = segmenter.segment(bgr, Scale.given(truth.umPerPx()));
                List<int[]> found = new ArrayList<>();
                List<Boolean> edge = new ArrayList<>();
                s.cells().forEach(c -> {
                    found.add(c.box().toArray());
                    edge.add(c.edge());
                });
                for (DetectionScore.Miss m : score.add(truth.cells().stream().map(GroundTruthCell::box).toList(), found, edge)) {
                    System.out.printf("missed on %s: %s (best IoU %.2f, nearest %s)%n", image.getFileName(), java.util.Arrays.toString(m.truth()),
                            m.bestIou(), m.nearest().map(java.util.Arrays::toString).orElse("-"));
                }
            } finally {
                bgr.release();
            }
        }
        System.out.printf("perfect centre map on the sample smears: recall %.3f precision %.3f%n", score.recall(), score.precision());
        assertTrue(score.falseNegatives() <= 1, score.falseNegatives() + " cells missed with a perfect map");
        assertTrue(score.recall() >= 0.98 && score.precision() >= 0.96, "recall " + score.recall() + ", precision " + score.precision());
    }
}
