package org.hemareview.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.classify.CamMethod;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.DeletionCurve;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.GradCam;
import org.hemareview.classify.Heatmap;
import org.hemareview.segment.Scale;
import org.hemareview.segment.SegmentedCell;
import org.hemareview.segment.SmearSegmenter;
import org.hemareview.train.CellTable;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pointing-game}: does the Grad-CAM of a real crop point at the cell? For each crop the
 * cell's mask is our own segmenter's outline of the cell at the crop's centre (the crop shows
 * 36 µm of smear, so its scale is known); a map scores when its peak lies inside that outline.
 */
@Command(name = "pointing-game", mixinStandardHelpOptions = true, description = "Per explanation method and lab: the share of maps whose peak lies inside the segmented cell, "
        + "the deletion AUC against a random order (lower is more faithful), ms per map.")
final class PointingGameCommand implements Callable<Integer> {
    /** The field a crop shows (the crop cutter's and PBC's). */
    private static final double CROP_UM = 36.0;

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Model package (default: the bundled model).")
    Path model;

    @Option(names = "--cells", required = true, paramLabel = "CELLS.csv")
    Path cells;

    @Option(names = "--part", defaultValue = "test")
    String part;

    @Option(names = "--labs", split = ",")
    List<String> labs = List.of();

    @Option(names = "--per-lab", defaultValue = "150", description = "Crops drawn per lab, seeded (default ${DEFAULT-VALUE}).")
    int perLab;

    @Option(names = "--method", split = ",", description = "Grad-CAM, Grad-CAM++, HiResCAM, LayerCAM (default: all four).")
    List<String> methods = List.of("Grad-CAM", "Grad-CAM++", "HiResCAM", "LayerCAM");

    @Option(names = "--earlier", description = "Explain the map one stage before the last (twice the resolution); the same as --stages-back 1.")
    boolean earlier;

    @Option(names = "--stages-back", defaultValue = "0", paramLabel = "N",
            description = "Explain the output of the stage N before the last (each stage back doubles the resolution; the window shows "
                    + GradCam.REVIEW_STAGES_BACK + "; default ${DEFAULT-VALUE}, the last map).")
    int stagesBack;

    @Option(names = "--deletion-steps", defaultValue = "16",
            description = "Deletion curve: the crop blanked in this many parts, in the map's order and in a random one (0: no curve).")
    int deletionSteps;

    @Option(names = "--misses", paramLabel = "DIR",
            description = "Also write each map whose peak lies outside the cell as LAB-METHOD-N.png: the crop, the cell's outline (green), the peak (red).")
    Path missesDir;

    @Override
    public Integer call() throws Exception {
        CellTable table = CellTable.read(cells);
        if (missesDir != null) {
            java.nio.file.Files.createDirectories(missesDir);
        }
        Set<String> chosen = labs.isEmpty() ? table.labs() : new TreeSet<>(labs);
        System.out.println("method | lab | crops | mask found | peak inside the cell | deletion AUC (random order) | ms per map");
        try (CellClassifier classifier = CellClassifier.load(ModelOption.resolve(model), ComputeDevice.detect());
             SegmenterModels segmenters = SegmenterModels.bundled()) {
            GradCam cam = new GradCam(classifier, earlier ? Math.max(1, stagesBack) : stagesBack);
            SmearSegmenter segmenter = segmenters.segmenter();
            List<CamMethod> chosenMethods = methods.stream().map(CamMethod::named).toList();
            for (String lab : chosen) {
                List<CellTable.Row> rows = new ArrayList<>(table.select(Set.of(lab), part).stream().filter(CellTable.Row::found).toList());
                Collections.shuffle(rows, new Random(1));
                List<CellTable.Row> drawn = rows.subList(0, Math.min(perLab, rows.size()));
                int masks = 0;
                Score[] scores = chosenMethods.stream().map(m -> new Score()).toArray(Score[]::new);
                for (CellTable.Row r : drawn) {
                    Mat crop = Imgcodecs.imread(table.resolve(r).toString(), Imgcodecs.IMREAD_COLOR);
                    try {
                        Optional<SegmentedCell> cell = centralCell(segmenter, crop); // once per crop, whatever the methods
                        if (cell.isEmpty()) {
                            continue;
                        }
                        masks++;
                        byte[] resized = deletionSteps > 0 ? classifier.encoder().resize(crop) : null;
                        for (int k = 0; k < scores.length; k++) {
                            Heatmap h = scores[k].add(classifier, cam, crop, resized, cell.get(), chosenMethods.get(k), deletionSteps, masks);
                            if (missesDir != null && !contains(cell.get(), h.peakX(), h.peakY())) {
                                writeMiss(missesDir.resolve(lab + "-" + chosenMethods.get(k).label() + "-" + masks + ".png"), crop, cell.get(), h);
                            }
                        }
                    } finally {
                        crop.release();
                    }
                }
                for (int k = 0; k < scores.length; k++) {
                    System.out.println(scores[k].line(chosenMethods.get(k), lab, drawn.size(), masks, deletionSteps > 0));
                }
            }
        }
        return 0;
    }

    /** One method's sums over a lab's crops. */
    private static final class Score {
        private int inside;
        private double ms;
        private double auc;
        private double randomAuc;

        Heatmap add(CellClassifier classifier, GradCam cam, Mat crop, byte[] resized, SegmentedCell cell, CamMethod method, int steps, long seed) {
            long t0 = System.nanoTime();
            Heatmap h = cam.explain(crop, -1, method);
            ms += (System.nanoTime() - t0) / 1e6;
            inside += contains(cell, h.peakX(), h.peakY()) ? 1 : 0;
            if (resized != null) {
                int size = classifier.encoder().size();
                Heatmap small = cam.explainResized(resized, h.classIndex(), size, size, method);
                DeletionCurve d = DeletionCurve.measure(classifier, resized, small.values(), h.classIndex(), steps, seed);
                auc += d.auc();
                randomAuc += d.randomAuc();
            }
            return h;
        }

        String line(CamMethod method, String lab, int crops, int masks, boolean deletion) {
            int n = Math.max(1, masks);
            return String.format(Locale.ROOT, "%s | %s | %d | %d | %.3f (%d) | %s | %.0f", method.label(), lab, crops, masks, inside / (double) n, inside,
                    deletion ? String.format(Locale.ROOT, "%.3f (%.3f)", auc / n, randomAuc / n) : "-", ms / n);
        }
    }

    /** The crop with the cell's outline, the map's peak and the class it explains, for looking at what a miss is. */
    private static void writeMiss(Path file, Mat crop, SegmentedCell cell, Heatmap h) {
        Mat out = crop.clone();
        MatOfPoint poly = new MatOfPoint(cell.polygon().stream().map(p -> new Point(p[0], p[1])).toArray(Point[]::new));
        try {
            Imgproc.polylines(out, List.of(poly), true, new org.opencv.core.Scalar(0, 200, 0), 2);
            Imgproc.drawMarker(out, new Point(h.peakX(), h.peakY()), new org.opencv.core.Scalar(0, 0, 255), Imgproc.MARKER_CROSS, 24, 3);
            Imgproc.putText(out, h.className(), new Point(6, 22), Imgproc.FONT_HERSHEY_SIMPLEX, 0.7, new org.opencv.core.Scalar(0, 0, 0), 2);
            if (!Imgcodecs.imwrite(file.toString(), out)) {
                throw new IllegalStateException("could not write " + file);
            }
        } finally {
            poly.release();
            out.release();
        }
    }

    /** The segmented cell under the crop's centre, or the nearest within 4 µm of it. */
    static Optional<SegmentedCell> centralCell(SmearSegmenter segmenter, Mat crop) {
        double umPerPx = CROP_UM / crop.cols();
        var s = segmenter.segment(crop, Optional.of(new Scale(umPerPx, Scale.Source.USER)));
        double cx = crop.cols() / 2.0;
        double cy = crop.rows() / 2.0;
        SegmentedCell best = null;
        double bestD = 4.0 / umPerPx;
        for (SegmentedCell c : s.cells()) {
            double d = contains(c, cx, cy) ? 0 : Math.hypot(c.centreX() - cx, c.centreY() - cy);
            if (d <= bestD) {
                bestD = d;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean contains(SegmentedCell c, double x, double y) {
        MatOfPoint2f poly = new MatOfPoint2f(c.polygon().stream().map(p -> new Point(p[0], p[1])).toArray(Point[]::new));
        try {
            return Imgproc.pointPolygonTest(poly, new Point(x, y), false) >= 0;
        } finally {
            poly.release();
        }
    }
}
