package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** The multi-lab cell table and the balanced epochs drawn from it. */
class BalancedCellsTest {
    @TempDir
    Path dir;

    /** Lab "big": 300 neutrophils and 20 basophils; lab "small": 10 neutrophils and 1 basophil and 40 blasts. */
    private CellTable table() throws IOException {
        OpenCv.load();
        Mat m = new Mat(8, 8, CvType.CV_8UC3, new Scalar(200, 180, 220));
        Path png = dir.resolve("c.png");
        Imgcodecs.imwrite(png.toString(), m);
        m.release();
        List<CellTable.Row> rows = new ArrayList<>();
        add(rows, "big", "neutrophil", 300);
        add(rows, "big", "basophil", 20);
        add(rows, "small", "neutrophil", 10);
        add(rows, "small", "basophil", 1);
        add(rows, "small", "blast", 40);
        rows.add(new CellTable.Row("", "neutrophil", "small", "field-x", "train")); // labelled, not found by the segmenter
        rows.add(new CellTable.Row("c.png", "neutrophil", "small", "p9", "test"));
        new CellTable(dir, rows).write(dir.resolve("cells.csv"));
        return CellTable.read(dir.resolve("cells.csv"));
    }

    private static void add(List<CellTable.Row> rows, String lab, String cls, int n) {
        for (int i = 0; i < n; i++) {
            rows.add(new CellTable.Row("c.png", cls, lab, lab + "-patient-" + (i % 5), "train"));
        }
    }

    @Test
    void aTableReadsBackAsWrittenAndSelectsByLabAndPart() throws IOException {
        CellTable t = table();
        assertEquals(373, t.rows().size());
        assertEquals(Set.of("big", "small"), t.labs());
        assertEquals(1, t.select(Set.of("small"), "test").size());
        assertEquals(372, t.select(Set.of(), "train").size());
        assertEquals(List.of("basophil", "blast", "neutrophil"), CellTable.classesOf(t.select(Set.of(), "train")));
        Files.writeString(dir.resolve("bad.csv"), "file,class\nx,y\n");
        assertThrows(IOException.class, () -> CellTable.read(dir.resolve("bad.csv")));
    }

    @Test
    void everyClassIsDrawnEquallyOftenAndALabsOneCellIsNotOverdrawn() throws IOException {
        CellTable t = table();
        List<CellTable.Row> train = t.select(Set.of(), "train");
        CropDataset set = CropDataset.load(t, train, CellTable.classesOf(train), 8).balanced(30_000);
        assertEquals(371, set.size(), "the row without a crop is not loaded");
        int[] order = set.epochOrder(new Random(5));
        assertEquals(30_000, order.length);
        Map<String, Integer> byClass = new HashMap<>();
        Map<String, Integer> byGroup = new HashMap<>();
        for (int i : order) {
            String cls = set.classes().get(set.label(i));
            byClass.merge(cls, 1, Integer::sum);
            byGroup.merge(set.lab(i) + "/" + cls, 1, Integer::sum);
        }
        for (String c : set.classes()) {
            assertEquals(10_000, byClass.get(c), 400, c + " drawn " + byClass.get(c));
        }
        // basophils: big has 20, small 1, so small's one cell gets 1/21 of the basophil draws, not half
        assertEquals(10_000 / 21.0, byGroup.get("small/basophil"), 150);
        // neutrophils: big's 300 count as 100 (the cap), small's 10 as 10
        assertEquals(10_000 * 10 / 110.0, byGroup.get("small/neutrophil"), 250);
        assertTrue(set.isBalanced());
        assertEquals(List.of(1, 1, 1), java.util.Arrays.stream(set.lossCounts()).boxed().toList(), "a balanced set's loss needs no class weights");
    }
}
