package org.hemareview.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** A TIFF's resolution tags as the smear's scale: a microscope's is read, a screen's 72 dpi is not. */
class EmbeddedScaleTest {
    @TempDir
    Path dir;

    private Path tiff(String name, int unit, int perUnit) {
        Path file = dir.resolve(name);
        Mat bgr = Imgcodecs.imread(TestFiles.composedSmear(1).toString());
        try {
            assertTrue(Imgcodecs.imwrite(file.toString(), bgr, new MatOfInt(Imgcodecs.IMWRITE_TIFF_RESUNIT, unit,
                    Imgcodecs.IMWRITE_TIFF_XDPI, perUnit, Imgcodecs.IMWRITE_TIFF_YDPI, perUnit)));
        } finally {
            bgr.release();
        }
        return file;
    }

    @Test
    void aMicroscopeTiffCarriesItsScale() {
        OpenCv.load();
        // 200,000 px per cm = 0.05 µm/px; 508,000 px per inch = 0.05 µm/px
        assertEquals(0.05, EmbeddedScale.of(tiff("cm.tif", 3, 200_000)).orElseThrow(), 1e-9);
        assertEquals(0.05, EmbeddedScale.of(tiff("inch.tif", 2, 508_000)).orElseThrow(), 1e-9);
    }

    @Test
    void aScreenResolutionAnotherFormatOrNoFileIsNoScale() {
        OpenCv.load();
        assertEquals(Optional.empty(), EmbeddedScale.of(tiff("office.tif", 2, 72)));
        assertEquals(Optional.empty(), EmbeddedScale.of(TestFiles.composedSmear(1))); // a JPEG
        assertEquals(Optional.empty(), EmbeddedScale.of(dir.resolve("missing.tif")));
    }
}
