package org.hemareview.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.hemareview.analysis.Analysis;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.analysis.SmearPipeline;
import org.hemareview.analysis.SmearScale;
import org.hemareview.dataset.ImageFolder;
import org.hemareview.dataset.VocBoxes;
import org.hemareview.image.SmearImage;
import org.hemareview.image.SmearImageReader;
import org.hemareview.segment.SegmentedCell;
import org.hemareview.train.CellTable;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Builds the multi-lab cell table: PBC crops (its train folder split 90/10 by file into train
 * and val, its val folder held out as test), DeepAPL crops split by patient, and the white cells
 * of BCCD's typed fields as the app sees them in use (found by our segmenter at the estimated
 * scale, cut by the crop cutter), split by field.
 */
@Command(name = "prepare-cells", description = "Write the multi-lab cell table (split by patient or field) for train --cells.")
public final class PrepareCellsCommand implements Callable<Integer> {
    @Option(names = "--pbc", paramLabel = "DIR", description = "PBC: DIR/{train,val}/<class>/*.jpg")
    Path pbc;

    @Option(names = "--deepapl", paramLabel = "DIR", description = "DeepAPL: DIR/labels.csv (file,class,original_class,patient,diagnosis)")
    Path deepapl;

    @Option(names = "--bccd", paramLabel = "DIR", description = "BCCD: DIR/{images,boxes}, DIR/wbc_types.csv")
    Path bccd;

    @Option(names = "--bccd-scale", defaultValue = "lab", description = "lab: one scale for all BCCD fields, the median of the per-field "
            + "estimates (as a lab sets Analysis > Scale once for its microscope); auto: each field's own estimate; or a number in um/px.")
    String bccdScale;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Writes DIR/cells.csv and DIR/bccd/<class>/<field>.png")
    Path out;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        List<CellTable.Row> rows = new ArrayList<>();
        if (pbc != null) {
            rows.addAll(pbc());
        }
        if (deepapl != null) {
            rows.addAll(deepapl());
        }
        if (bccd != null) {
            rows.addAll(bccd());
        }
        new CellTable(out, rows).write(out.resolve("cells.csv"));
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (CellTable.Row r : rows) {
            int[] c = counts.computeIfAbsent(r.lab(), k -> new int[4]);
            c[switch (r.part()) { case "train" -> 0; case "val" -> 1; default -> 2; }]++;
            c[3] += r.found() ? 0 : 1;
        }
        counts.forEach((lab, c) -> System.out.printf(Locale.ROOT, "%s: %d train, %d val, %d test (%d labelled cells not found by the segmenter)%n",
                lab, c[0], c[1], c[2], c[3]));
        return 0;
    }

    private List<CellTable.Row> pbc() throws Exception {
        List<CellTable.Row> rows = new ArrayList<>();
        ImageFolder.scan(pbc.resolve("train")).imagesByClass().forEach((c, files) -> files.forEach(f -> {
            String name = f.getFileName().toString();
            rows.add(new CellTable.Row(f.toAbsolutePath().toString(), c, "pbc", name, Math.floorMod(name.hashCode(), 10) == 0 ? "val" : "train"));
        }));
        ImageFolder.scan(pbc.resolve("val")).imagesByClass().forEach((c, files) -> files.forEach(f ->
                rows.add(new CellTable.Row(f.toAbsolutePath().toString(), c, "pbc", f.getFileName().toString(), "test"))));
        return rows;
    }

    private List<CellTable.Row> deepapl() throws Exception {
        List<String> lines = Files.readAllLines(deepapl.resolve("labels.csv"));
        List<String[]> cells = lines.stream().skip(1).filter(l -> !l.isBlank()).map(org.hemareview.io.Csv::fields).toList();
        Map<String, String> partOf = byGroup(cells.stream().map(f -> f[3]).distinct().sorted().toList(), 0.65, 0.15);
        return cells.stream().map(f -> new CellTable.Row(deepapl.resolve(f[0]).toAbsolutePath().toString(), f[1], "deepapl", f[3], partOf.get(f[3])))
                .toList();
    }

    /** Groups shuffled with the seed, then cut into train / val / test shares. */
    private Map<String, String> byGroup(List<String> groups, double train, double val) {
        List<String> g = new ArrayList<>(groups);
        Collections.shuffle(g, new Random(seed));
        Map<String, String> part = new LinkedHashMap<>();
        for (int i = 0; i < g.size(); i++) {
            double at = i / (double) g.size();
            part.put(g.get(i), at < train ? "train" : at < train + val ? "val" : "test");
        }
        return part;
    }

    private List<CellTable.Row> bccd() throws Exception {
        Map<String, String> typeOf = new LinkedHashMap<>();
        for (String l : Files.readAllLines(bccd.resolve("wbc_types.csv")).stream().skip(1).toList()) {
            String[] f = l.split(",", 2);
            if (f.length == 2 && !f[1].isBlank() && !f[1].contains(",")) { // fields naming two cells are left out: which box is which is unknown
                typeOf.put(f[0].strip(), f[1].strip().toLowerCase(Locale.ROOT));
            }
        }
        Map<String, String> partOf = byGroup(List.copyOf(typeOf.keySet()), 0.6, 0.15);
        List<CellTable.Row> rows = new ArrayList<>();
        SmearImageReader reader = new SmearImageReader();
        try (SegmenterModels models = SegmenterModels.bundled()) {
            if (!models.usesCentres()) {
                // the table would hold crops the product does not cut (seen 2026-12-07: 196 of 277 BCCD crops moved)
                System.err.println("warning: no cell-centre network found (models/cell-centres beside the application, or "
                        + "-Dhemareview.models=DIR): BCCD's cells are cut without it, not as the window cuts them");
            }
            SmearPipeline pipeline = new SmearPipeline(models.segmenter(), Optional.empty());
            SmearScale.Choice choice = bccdScaleChoice(models, reader, typeOf.keySet());
            for (var e : typeOf.entrySet()) {
                String field = e.getKey();
                Path image = bccd.resolve("images").resolve(field + ".jpg");
                Path xml = bccd.resolve("boxes").resolve(field + ".xml");
                if (!Files.exists(image) || !Files.exists(xml)) {
                    continue;
                }
                List<int[]> boxes = VocBoxes.read(xml, "WBC");
                if (boxes.size() != 1) {
                    continue; // one type, several boxes: which one is typed is unknown
                }
                String found = "";
                try (SmearImage img = reader.read(image); Analysis a = pipeline.analyse(img, choice)) {
                    int best = bestMatch(a.segmentation().cells(), boxes.get(0));
                    if (best >= 0) {
                        Path dir = out.resolve("bccd").resolve(e.getValue());
                        Files.createDirectories(dir);
                        Path png = dir.resolve(field + ".png");
                        Imgcodecs.imwrite(png.toString(), a.crops().get(best).pixels());
                        found = out.relativize(png).toString();
                    }
                }
                rows.add(new CellTable.Row(found, e.getValue(), "bccd", field, partOf.get(field)));
            }
        }
        return rows;
    }

    /** The scale the BCCD fields are cut at: one lab setting (the median estimate), each field's own, or a given value. */
    private SmearScale.Choice bccdScaleChoice(SegmenterModels models, SmearImageReader reader, java.util.Collection<String> fields) throws Exception {
        if (bccdScale.equals("auto")) {
            return SmearScale.Choice.estimate();
        }
        if (!bccdScale.equals("lab")) {
            return SmearScale.Choice.lab(Optional.of(Double.parseDouble(bccdScale)));
        }
        List<Double> estimates = new ArrayList<>();
        for (String field : fields) {
            Path image = bccd.resolve("images").resolve(field + ".jpg");
            if (Files.exists(image)) {
                try (SmearImage img = reader.read(image)) {
                    var s = models.segmenter().estimateScale(img.bgr());
                    if (s.source() == org.hemareview.segment.Scale.Source.ESTIMATED) {
                        estimates.add(s.umPerPx());
                    }
                }
            }
        }
        Collections.sort(estimates);
        double median = estimates.get(estimates.size() / 2);
        System.out.printf(Locale.ROOT, "bccd: lab scale %.4f um/px (median of %d field estimates, %.4f-%.4f between the 10th and 90th percentile)%n", median,
                estimates.size(), estimates.get(estimates.size() / 10), estimates.get(estimates.size() * 9 / 10));
        return SmearScale.Choice.lab(Optional.of(median));
    }

    /** The found cell whose box overlaps the annotated one most (IoU >= 0.3), or -1. */
    static int bestMatch(List<SegmentedCell> cells, int[] box) {
        int best = -1;
        double bestIou = 0.3;
        for (int i = 0; i < cells.size(); i++) {
            double iou = org.hemareview.segment.DetectionScore.iou(cells.get(i).box().toArray(), box);
            if (iou >= bestIou) {
                bestIou = iou;
                best = i;
            }
        }
        return best;
    }
}
