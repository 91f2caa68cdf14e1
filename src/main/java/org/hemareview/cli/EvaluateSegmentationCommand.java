package org.hemareview.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hemareview.dataset.GroundTruthCell;
import org.hemareview.dataset.GroundTruthJson;
import org.hemareview.dataset.VocBoxes;
import org.hemareview.image.SmearImage;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.image.SmearImageReader;
import org.hemareview.segment.DetectionScore;
import org.hemareview.segment.Scale;
import org.hemareview.segment.Segmentation;
import org.hemareview.segment.SegmentedCell;
import org.hemareview.segment.SmearSegmenter;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Scores the segmenter against annotated images: white-cell recall, precision and F1 at IoU >= 0.5,
 * and nucleus Dice where masks exist. Reads BCCD's layout (images/, boxes/ with Pascal VOC,
 * masks/ + mask-images/), or images with a VOC .xml or a composed-smear .json beside them.
 */
@Command(name = "evaluate-segmentation", mixinStandardHelpOptions = true,
        description = "Score white-cell detection (IoU >= 0.5) and nucleus Dice on annotated images.")
final class EvaluateSegmentationCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ScaleOption scaleOption;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Also write the scores as JSON.")
    Path json;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N images (0 = all).")
    int limit;

    @Option(names = "--misses", description = "Also list every missed cell: image, true box, best IoU, the nearest detection's box.")
    boolean listMisses;

    @Parameters(paramLabel = "DIR", description = "Annotated images (see the command's description).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        scaleOption.choice(); // a bad --scale is a usage error before any file is read
        Path images = Files.isDirectory(dir.resolve("images")) ? dir.resolve("images") : dir;
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> p.toString().toLowerCase().matches(".*\\.(jpe?g|png|tiff?|bmp)$")).sorted().toList();
        }
        if (limit > 0 && files.size() > limit) {
            files = files.subList(0, limit);
        }
        SmearImageReader reader = new SmearImageReader();
        try (SegmenterModels models = SegmenterModels.bundled()) {
            return evaluate(files, reader, models.segmenter());
        }
    }

    private int evaluate(List<Path> files, SmearImageReader reader, SmearSegmenter segmenter) throws IOException {
        DetectionScore score = new DetectionScore(0.5);
        List<Double> millis = new ArrayList<>();
        List<Double> scaleErrors = new ArrayList<>();
        ArrayNode missed = new ObjectMapper().createArrayNode();
        int evaluated = 0;
        for (Path image : files) {
            Optional<List<int[]>> truth = truthBoxes(image);
            if (truth.isEmpty()) {
                continue;
            }
            try (SmearImage img = reader.read(image)) {
                long t = System.nanoTime();
                Segmentation s = segmenter.segment(img.bgr(), scaleOption.known(image));
                millis.add((System.nanoTime() - t) / 1e6);
                Scale.Source source = s.scale().source();
                if (source == Scale.Source.ESTIMATED || source == Scale.Source.DEFAULT) {
                    // only an estimate (or the fallback) has an error to report: a scale given or read beside the image is the truth itself
                    redCellScale(image, img.width(), img.height()).ifPresent(actual -> scaleErrors.add(s.scale().umPerPx() / actual - 1));
                }
                List<DetectionScore.Miss> misses = score.add(truth.get(), s.cells().stream().map(c -> c.box().toArray()).toList(),
                        s.cells().stream().map(SegmentedCell::edge).toList(), img.width(), img.height());
                for (DetectionScore.Miss m : misses) {
                    ObjectNode o = missed.addObject().put("image", image.getFileName().toString()).put("best_iou", m.bestIou());
                    putBox(o.putArray("box"), m.truth());
                    m.nearest().ifPresent(b -> putBox(o.putArray("nearest"), b));
                    if (listMisses) {
                        System.out.printf("missed %s box %s best IoU %.2f nearest %s%n", image.getFileName(), java.util.Arrays.toString(m.truth()),
                                m.bestIou(), m.nearest().map(java.util.Arrays::toString).orElse("none"));
                    }
                }
                evaluated++;
            }
            Path mask = dir.resolve("masks").resolve(SegmentCommand.stem(image) + ".png");
            Path maskImage = dir.resolve("mask-images").resolve(image.getFileName());
            if (Files.exists(mask) && Files.exists(maskImage)) {
                nucleusDice(reader, segmenter, maskImage, mask).ifPresent(score::addDice);
            }
        }
        double[] ms = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = ms.length == 0 ? Double.NaN : ms[ms.length / 2];
        System.out.printf("images %d  white cells %d  found %d  missed %d  extra %d (+%d unmatched edge cells)%n", evaluated,
                score.truePositives() + score.falseNegatives(), score.truePositives(), score.falseNegatives(),
                score.falsePositives(), score.edgeFalsePositives());
        System.out.printf("recall %.3f  precision %.3f (%.3f not counting unmatched edge cells)  F1 %.3f%n", score.recall(),
                score.precision(), score.precisionExcludingEdge(), score.f1());
        System.out.printf("recall of whole cells %.3f (%d of the true boxes reach the image border)%n", score.recallOfWholeCells(), score.cutTruth());
        if (score.diceImages() > 0) {
            System.out.printf("nucleus Dice %.3f over %d masked images%n", score.meanDice(), score.diceImages());
        }
        if (!scaleErrors.isEmpty()) {
            double[] e = scaleErrors.stream().mapToDouble(Math::abs).sorted().toArray();
            long within = scaleErrors.stream().filter(v -> Math.abs(v) <= 0.15).count();
            System.out.printf("scale against the red-cell boxes (or the scale beside the image) of %d images: median error %+.3f, median |error| %.3f, within 15 %% on %.2f%n",
                    e.length, median(scaleErrors), e[e.length / 2], within / (double) e.length);
        }
        System.out.printf("segmentation median %.1f ms per image (decoding excluded)%n", median);
        if (json != null) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("images", evaluated).put("recall", score.recall()).put("precision", score.precision())
                    .put("precision_excluding_edge", score.precisionExcludingEdge()).put("f1", score.f1())
                    .put("true_positives", score.truePositives()).put("false_negatives", score.falseNegatives())
                    .put("false_positives", score.falsePositives()).put("edge_false_positives", score.edgeFalsePositives())
                    .put("recall_whole_cells", score.recallOfWholeCells()).put("cut_truth", score.cutTruth())
                    .put("median_ms", median);
            if (!scaleErrors.isEmpty()) {
                o.put("scale_images", scaleErrors.size()).put("scale_median_error", median(scaleErrors));
            }
            if (score.diceImages() > 0) {
                o.put("nucleus_dice", score.meanDice()).put("dice_images", score.diceImages());
            }
            o.set("misses", missed);
            org.hemareview.io.AtomicFiles.write(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        }
        return evaluated == 0 ? 1 : 0;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[a.length / 2];
    }

    /**
     * The true scale where the annotation boxes at least five whole red cells (7.5 µm across):
     * the median of their longer sides, boxes touching the border left out; for a composed smear
     * the scale written beside it.
     */
    private Optional<Double> redCellScale(Path image, int width, int height) throws IOException {
        Path xml = dir.resolve("boxes").resolve(SegmentCommand.stem(image) + ".xml");
        if (!Files.exists(xml)) {
            // a composed smear's own scale: the estimate's truth when it is measured (--scale estimate)
            return org.hemareview.analysis.SmearScale.besideImage(image);
        }
        double[] sides = VocBoxes.read(xml, "RBC").stream()
                .filter(b -> b[0] > 2 && b[1] > 2 && b[0] + b[2] < width - 2 && b[1] + b[3] < height - 2)
                .mapToDouble(b -> Math.max(b[2], b[3])).sorted().toArray();
        return sides.length < 5 ? Optional.empty() : Optional.of(7.5 / sides[sides.length / 2]);
    }

    private static void putBox(ArrayNode a, int[] box) {
        for (int v : box) {
            a.add(v);
        }
    }

    private Optional<List<int[]>> truthBoxes(Path image) throws IOException {
        String stem = SegmentCommand.stem(image);
        for (Path xml : List.of(dir.resolve("boxes").resolve(stem + ".xml"), image.resolveSibling(stem + ".xml"))) {
            if (Files.exists(xml)) {
                return Optional.of(VocBoxes.read(xml, "WBC"));
            }
        }
        Path json = GroundTruthJson.besides(image);
        if (Files.exists(json)) {
            return Optional.of(GroundTruthJson.read(json).cells().stream().map(GroundTruthCell::box).toList());
        }
        return Optional.empty();
    }

    private Optional<Double> nucleusDice(SmearImageReader reader, SmearSegmenter segmenter, Path image, Path maskFile) throws IOException {
        Mat truth = Imgcodecs.imread(maskFile.toString(), Imgcodecs.IMREAD_GRAYSCALE);
        try (SmearImage img = reader.read(image)) {
            if (truth.empty() || truth.cols() != img.width() || truth.rows() != img.height()) {
                return Optional.empty();
            }
            byte[] t = new byte[(int) truth.total()];
            truth.get(0, 0, t);
            boolean[] predicted = new boolean[t.length];
            Segmentation s = segmenter.segment(img.bgr(), scaleOption.known(image));
            int w = img.width();
            for (SegmentedCell c : s.cells()) {
                var m = c.nucleus();
                for (int y = 0; y < m.height(); y++) {
                    for (int x = 0; x < m.width(); x++) {
                        if (m.data()[y * m.width() + x] != 0) {
                            predicted[(m.y() + y) * w + m.x() + x] = true;
                        }
                    }
                }
            }
            long inter = 0;
            long p = 0;
            long g = 0;
            for (int i = 0; i < t.length; i++) {
                boolean gt = (t[i] & 0xFF) > 200; // nucleus label in the BCCD masks
                g += gt ? 1 : 0;
                p += predicted[i] ? 1 : 0;
                inter += gt && predicted[i] ? 1 : 0;
            }
            return g == 0 ? Optional.empty() : Optional.of(2.0 * inter / (p + g));
        } finally {
            truth.release();
        }
    }
}
