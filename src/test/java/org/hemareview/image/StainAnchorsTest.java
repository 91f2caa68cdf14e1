package org.hemareview.image;

import static org.hemareview.image.PaletteStandardisationTest.SIZE;
import static org.hemareview.image.PaletteStandardisationTest.crop;
import static org.hemareview.image.PaletteStandardisationTest.meanAbsDiff;
import static org.hemareview.image.PaletteStandardisationTest.otherLab;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Colour standardisation by the plasma and the nuclear stain, on the real PBC crops of sample-data. */
class StainAnchorsTest {
    @BeforeAll
    static void opencv() {
        OpenCv.load();
    }

    private static List<byte[]> crops() throws Exception {
        try (Stream<Path> files = Files.walk(TestFiles.samples().resolve("pbc-cells"))) {
            return files.filter(f -> f.toString().endsWith(".jpg")).sorted().map(PaletteStandardisationTest::crop).toList();
        }
    }

    /** The crop with the centre of another crop (a second white cell and its surroundings) pasted into its top-left corner. */
    private static byte[] withNeighbour(byte[] crop, byte[] other) {
        byte[] out = crop.clone();
        int s = (int) (0.45 * SIZE);
        int from = SIZE / 2 - s / 2;
        for (int y = 0; y < s; y++) {
            System.arraycopy(other, 3 * ((from + y) * SIZE + from), out, 3 * (y * SIZE), 3 * s);
        }
        return out;
    }

    /** Mean absolute difference over the central disc (the crop's own cell), radius 0.15 of the crop. */
    private static double centreDiff(byte[] a, byte[] b) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < SIZE * SIZE; i++) {
            int pasted = (int) (0.45 * SIZE);
            boolean neighbour = i % SIZE < pasted && i / SIZE < pasted; // the pasted corner is not the cell
            if (!neighbour && Math.hypot(i % SIZE - SIZE / 2.0, i / SIZE - SIZE / 2.0) < 0.15 * SIZE) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((a[3 * i + c] & 0xFF) - (b[3 * i + c] & 0xFF));
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void aCropUnderAnotherLabsColoursComesOutNearItsOwn() throws Exception {
        for (byte[] original : crops()) {
            byte[] shifted = otherLab(original);
            double before = meanAbsDiff(original, shifted);
            double after = meanAbsDiff(StainAnchors.standardised(original, SIZE), StainAnchors.standardised(shifted, SIZE));
            assertTrue(after < before / 2, "standardised, the two differ by " + after + " (before " + before + ")");
        }
    }

    @Test
    void aNeighbourInTheCropLeavesTheCellsColoursAsTheyWereWhereThePalettesRanksMoveThem() throws Exception {
        List<byte[]> crops = crops();
        double anchors = 0;
        double palette = 0;
        for (int i = 0; i < crops.size(); i++) {
            byte[] own = crops.get(i);
            byte[] crowded = withNeighbour(own, crops.get((i + 1) % crops.size()));
            BiFunction<byte[], Integer, byte[]> a = StainAnchors::standardised;
            BiFunction<byte[], Integer, byte[]> p = Palette::standardised;
            anchors += centreDiff(a.apply(own, SIZE), a.apply(crowded, SIZE)) / crops.size();
            palette += centreDiff(p.apply(own, SIZE), p.apply(crowded, SIZE)) / crops.size();
        }
        assertTrue(anchors < palette / 2, "the cell's colours move by " + anchors + " with the anchors, " + palette + " with the palette");
    }

    @Test
    void aPbcCropsAnchorsLieNearTheReference() throws Exception {
        for (byte[] c : crops()) {
            double[] a = StainAnchors.anchors(c, SIZE);
            assertTrue(Math.abs(a[0] - StainAnchors.REFERENCE[0]) < 8, "plasma lightness " + a[0]);
            assertTrue(a[3] < a[0] - 60, "the nuclear stain is far darker than the plasma: " + a[3] + " against " + a[0]);
        }
    }

    @Test
    void aDarkerNeighbourBesideTheCellMovesTheStainAnchorLittle() throws Exception {
        for (byte[] c : crops()) {
            double[] own = StainAnchors.anchors(c, SIZE);
            byte[] crowded = c.clone();
            double cx = 0.9 * SIZE; // a blob darker than any nucleus, centred 0.4 of the crop from the centre
            for (int i = 0; i < SIZE * SIZE; i++) {
                if (Math.hypot(i % SIZE - cx, i / SIZE - SIZE / 2.0) < 0.15 * SIZE) {
                    crowded[3 * i] = 40;
                    crowded[3 * i + 1] = 0;
                    crowded[3 * i + 2] = 20;
                }
            }
            double[] beside = StainAnchors.anchors(crowded, SIZE);
            assertTrue(Math.abs(beside[3] - own[3]) < 3, "stain lightness " + own[3] + " -> " + beside[3]);
        }
    }
}
