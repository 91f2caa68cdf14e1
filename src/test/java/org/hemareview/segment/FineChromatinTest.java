package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.hemareview.TestFiles;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A blast's fine chromatin, on a field whose chromatin is strong elsewhere: at the raised threshold
 * its nuclear stain is a lattice of thin strands, and a 3x3 opening alone broke it into specks that
 * were dropped (the whole cell missed). Composed sample 1, the large cell at the top: a PBC crop.
 */
class FineChromatinTest {
    private static final int[] BLAST = {1125, 185, 341, 322};

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    @Test
    void aBlastWithFineChromatinIsOneCellByItsNucleusAlone() {
        Path image = TestFiles.composedSmear(1);
        Mat bgr = Imgcodecs.imread(image.toString());
        try {
            Segmentation s = new WhiteCellSegmenter(SegmentationSettings.defaults(), null).segment(bgr, Scale.given(0.05));
            double best = s.cells().stream().mapToDouble(c -> DetectionScore.iou(BLAST, c.box().toArray())).max().orElse(0);
            assertTrue(best >= 0.5, "the blast's best box overlaps it by IoU " + best);
        } finally {
            bgr.release();
        }
    }
}
