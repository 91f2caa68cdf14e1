package org.hemareview.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hemareview.TestFiles;
import org.hemareview.dataset.VocBoxes;
import org.hemareview.image.SmearImage;
import org.hemareview.image.SmearImageReader;
import org.hemareview.segment.DetectionScore;
import org.hemareview.segment.Segmentation;
import org.hemareview.segment.SegmentedCell;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The product's segmenter (bundled cell-centre network, estimated scale) on every fifth field of
 * three labs' real smears in ../shared/data. The floors sit under the leave-one-lab-out figures in
 * docs/benchmarks.md (Raabin 0.91 / 0.93, DeepBioNet 0.997 / 0.99, BCCD 0.987 / 0.95), far above
 * what the fixed colour rules scored there (Raabin 0.71 / 0.40, DeepBioNet 0.59 / 0.09). The
 * bundled network saw most of these fields in training, so this guards against a regression; the
 * held-out figures are the benchmark's.
 */
class LabFieldsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"raabin-fields, 0.85, 0.88", "deepbionet-fields, 0.95, 0.93", "bccd, 0.95, 0.90"})
    void findsTheWhiteCellsOfEachLab(String lab, double minRecall, double minPrecision) throws Exception {
        Optional<Path> data = TestFiles.sharedData();
        assumeTrue(data.isPresent(), "../shared/data is absent: skipping the real-data check on " + lab);
        Path dir = data.get().resolve(lab);
        List<Path> images;
        try (Stream<Path> s = Files.list(dir.resolve("images"))) {
            List<Path> all = s.sorted().toList();
            images = IntStream.range(0, all.size()).filter(i -> i % 5 == 0).mapToObj(all::get).toList();
        }
        DetectionScore score = new DetectionScore(0.5);
        SmearImageReader reader = new SmearImageReader();
        try (SegmenterModels models = SegmenterModels.bundled()) {
            for (Path p : images) {
                String stem = p.getFileName().toString().replaceAll("\\.[^.]+$", "");
                try (SmearImage img = reader.read(p)) {
                    Segmentation s = models.segmenter().segment(img.bgr(), Optional.empty());
                    score.add(VocBoxes.read(dir.resolve("boxes").resolve(stem + ".xml"), "WBC"),
                            s.cells().stream().map(c -> c.box().toArray()).toList(), s.cells().stream().map(SegmentedCell::edge).toList());
                }
            }
        }
        assertTrue(score.recall() >= minRecall, lab + ": recall " + score.recall());
        // unmatched cells cut by the border are counted apart: Raabin's annotators box the centred cell only
        assertTrue(score.precisionExcludingEdge() >= minPrecision, lab + ": precision " + score.precisionExcludingEdge());
    }
}
