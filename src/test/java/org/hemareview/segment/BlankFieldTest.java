package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.hemareview.TestFiles;
import org.hemareview.image.OpenCv;
import org.hemareview.image.SmearImage;
import org.hemareview.image.SmearImageReader;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Nothing to find is found as nothing, and said: the segmenter never invents cells. */
class BlankFieldTest {
    private final SmearSegmenter segmenter = new SmearSegmenter();

    private Segmentation segment(Mat m) {
        return segmenter.segment(m, Optional.of(Scale.given(0.1)));
    }

    @Test
    void uniformImagesHaveNoCellsAndAWarning() {
        OpenCv.load();
        for (Scalar colour : new Scalar[] {new Scalar(255, 255, 255), new Scalar(0, 0, 0), new Scalar(128, 128, 128),
                new Scalar(190, 160, 230), new Scalar(200, 120, 150)}) {
            Mat m = new Mat(960, 1280, CvType.CV_8UC3, colour);
            try {
                Segmentation s = segment(m);
                assertEquals(0, s.cells().size(), "cells on uniform " + colour);
                assertFalse(s.warnings().isEmpty(), "no warning on uniform " + colour);
            } finally {
                m.release();
            }
        }
    }

    @Test
    void noiseAndAGradientHaveNoCells() {
        OpenCv.load();
        Mat m = new Mat(960, 1280, CvType.CV_8UC3);
        Mat ramp = new Mat();
        try {
            Core.randn(m, 200, 6);
            Mat row = new Mat(1, 1280, CvType.CV_8UC3);
            for (int x = 0; x < 1280; x++) {
                row.put(0, x, 150 + x * 80 / 1280, 170 + x * 60 / 1280, 200 + x * 40 / 1280);
            }
            Imgproc.resize(row, ramp, m.size(), 0, 0, Imgproc.INTER_NEAREST);
            row.release();
            assertEquals(0, segment(m).cells().size(), "cells on noise");
            assertEquals(0, segment(ramp).cells().size(), "cells on a lamp gradient");
        } finally {
            m.release();
            ramp.release();
        }
    }

    @Test
    void aMonochromeSmearIsSaidToBeOne() throws Exception {
        OpenCv.load();
        try (SmearImage img = new SmearImageReader().read(TestFiles.composedSmear(1))) {
            Mat grey = new Mat();
            Imgproc.cvtColor(img.bgr(), grey, Imgproc.COLOR_BGR2GRAY);
            Imgproc.cvtColor(grey, grey, Imgproc.COLOR_GRAY2BGR);
            try {
                Segmentation s = segmenter.segment(grey, Optional.of(Scale.given(0.05)));
                assertTrue(s.warnings().stream().anyMatch(w -> w.contains("monochrome")), "warnings " + s.warnings());
                assertEquals(0, s.cells().size(), "a monochrome smear's nuclei cannot be told from red cells by stain");
            } finally {
                grey.release();
            }
        }
    }

    @Test
    void aStainedSmearHasNoWarning() throws Exception {
        try (SmearImage img = new SmearImageReader().read(TestFiles.composedSmear(1))) {
            Segmentation s = segmenter.segment(img.bgr(), Optional.of(Scale.given(0.05)));
            assertTrue(s.cells().size() > 5, "cells " + s.cells().size());
            assertEquals(java.util.List.of(), s.warnings());
        }
    }
}
