package org.hemareview.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.hemareview.TestFiles;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

class SmearComposerTest {
    private static ImageFolder cells;

    @BeforeAll
    static void load() throws Exception {
        OpenCv.load();
        cells = ImageFolder.scan(TestFiles.samples().resolve("pbc-cells"));
    }

    private static SmearComposer composer(int cellsPerSmear) {
        return new SmearComposer(cells, ComposerSettings.cnmcLike().withSize(1600, 1200, cellsPerSmear));
    }

    @Test
    void sameSeedGivesTheSameSmear() {
        try (var a = composer(6).compose(42, "a.jpg"); var b = composer(6).compose(42, "a.jpg"); var c = composer(6).compose(43, "a.jpg")) {
            assertArrayEquals(bytes(a.image()), bytes(b.image()));
            assertEquals(a.truth().cells().size(), b.truth().cells().size());
            assertFalse(java.util.Arrays.equals(bytes(a.image()), bytes(c.image())), "another seed, another smear");
        }
    }

    @Test
    void groundTruthDescribesWhiteCellsInsideTheImage() {
        try (var s = composer(8).compose(7, "x.jpg")) {
            assertEquals(1600, s.image().cols());
            assertEquals(1200, s.image().rows());
            assertEquals(8, s.truth().cells().size());
            Set<String> classes = Set.copyOf(cells.classes());
            for (GroundTruthCell c : s.truth().cells()) {
                assertTrue(classes.contains(c.label()) && !c.label().equals("platelet"), c.label());
                int[] b = c.box();
                assertTrue(b[0] >= 0 && b[1] >= 0 && b[0] + b[2] <= 1600 && b[1] + b[3] <= 1200, "box inside the image");
                // a white cell at 0.05 um/px is 150-400 px across
                assertTrue(Math.max(b[2], b[3]) > 100 && Math.max(b[2], b[3]) < 450, "size " + b[2] + "x" + b[3]);
                assertTrue(c.area() > 0.4 * b[2] * b[3], "polygon fills its box like a round cell does");
                boolean touchesBorder = b[0] == 0 || b[1] == 0 || b[0] + b[2] >= 1599 || b[1] + b[3] >= 1199;
                assertEquals(touchesBorder, c.edge(), "edge flag matches the box");
            }
            assertTrue(s.truth().cells().stream().anyMatch(GroundTruthCell::edge), "some cells cross the border");
        }
    }

    @Test
    void writesImageAndJsonThatReadBack(@TempDir Path dir) throws Exception {
        try (var s = composer(4).compose(3, "smear-3.jpg")) {
            Path image = ComposedSmearWriter.write(s, dir, 85);
            GroundTruthSmear back = GroundTruthJson.read(GroundTruthJson.besides(image));
            assertEquals("smear-3.jpg", back.image());
            assertEquals(0.05, back.umPerPx());
            assertEquals(s.truth().cells().size(), back.cells().size());
            assertArrayEquals(s.truth().cells().get(0).box(), back.cells().get(0).box());
        }
    }

    private static byte[] bytes(Mat m) {
        byte[] b = new byte[(int) m.total() * m.channels()];
        m.get(0, 0, b);
        return b;
    }
}
