package org.hemareview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.classify.CamMethod;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.GradCam;
import org.hemareview.classify.Heatmap;
import org.hemareview.image.OpenCv;
import org.hemareview.segment.SegmentedCell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The pointing game on real crops (PBC's 80 check crops in sample-data): the share of maps whose
 * peak lies inside our segmenter's outline of the central cell, for the explanation the window shows
 * ({@link GradCam#forReview}) and for Grad-CAM on the last map, which it replaced.
 */
class PointingGameTest extends CliTestBase {
    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    @Test
    void theWindowsExplanationPointsAtTheCellMoreOftenThanTheLastMapsGradCam() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(org.hemareview.TestFiles.samples().resolve("pbc-reference/check"))) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        int masks = 0;
        int review = 0;
        int last = 0;
        try (CellClassifier classifier = CellClassifier.load(Path.of("models/resnext-cc-slim"), ComputeDevice.detect());
             SegmenterModels segmenters = SegmenterModels.bundled()) {
            GradCam finer = GradCam.forReview(classifier);
            GradCam coarse = new GradCam(classifier);
            for (Path f : files) {
                Mat crop = Imgcodecs.imread(f.toString());
                try {
                    Optional<SegmentedCell> cell = PointingGameCommand.centralCell(segmenters.segmenter(), crop);
                    if (cell.isEmpty()) {
                        continue;
                    }
                    masks++;
                    Heatmap a = finer.explain(crop, -1, CamMethod.DEFAULT);
                    Heatmap b = coarse.explain(crop, -1, CamMethod.GRAD_CAM);
                    review += PointingGameCommand.contains(cell.get(), a.peakX(), a.peakY()) ? 1 : 0;
                    last += PointingGameCommand.contains(cell.get(), b.peakX(), b.peakY()) ? 1 : 0;
                } finally {
                    crop.release();
                }
            }
        }
        String figures = review + " and " + last + " of " + masks + " maps inside the cell";
        assertTrue(masks >= 70, figures);
        // version 5 with LayerCAM on the fourth stage (the default since 2026-12-08) scores 78 of 80 here; HiResCAM scored
        // 70 on the second stage (the default of 2026-12-07) and 59 on the fourth; issue 16's bar is 0.90
        assertTrue(review >= 0.90 * masks, "the window's explanation: " + figures);
        assertTrue(review >= last + 0.2 * masks, "well ahead of the last map's Grad-CAM: " + figures);
    }

    @Test
    void theCommandWritesOnePictureForEachMapThatMissesTheCell() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(org.hemareview.TestFiles.samples().resolve("pbc-reference/check"))) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(30).toList();
        }
        StringBuilder csv = new StringBuilder(org.hemareview.train.CellTable.HEADER).append('\n');
        for (Path f : files) {
            csv.append(f.toAbsolutePath()).append(",neutrophil,pbc,").append(f.getFileName()).append(",test\n");
        }
        Path table = dir.resolve("cells.csv");
        Files.writeString(table, csv);
        Path misses = dir.resolve("misses");
        // Grad-CAM on the last map: the coarse one, which misses the cell on many crops
        assertEquals(0, run("pointing-game", "--model", "models/resnext-cc-slim", "--cells", table.toString(), "--per-lab", "30",
                "--method", "Grad-CAM", "--deletion-steps", "0", "--misses", misses.toString()), err.toString());
        String line = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Grad-CAM | pbc")).findFirst()
                .orElseThrow(() -> new AssertionError(out.toString()));
        String[] f = line.split(" \\| ");
        int masks = Integer.parseInt(f[3].trim());
        int inside = Integer.parseInt(f[4].replaceAll(".*\\((\\d+)\\).*", "$1"));
        List<Path> written;
        try (Stream<Path> s = Files.list(misses)) {
            written = s.toList();
        }
        assertTrue(masks - inside > 0, "the last map misses some cells: " + line);
        assertEquals(masks - inside, written.size(), "one picture per miss: " + line);
        Mat first = Imgcodecs.imread(written.get(0).toString());
        try {
            assertTrue(first.cols() > 100 && written.get(0).getFileName().toString().startsWith("pbc-Grad-CAM-"), written.get(0).toString());
        } finally {
            first.release();
        }
    }
}
