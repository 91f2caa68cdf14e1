package org.hemareview.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hemareview.dataset.DatasetExport;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.analysis.SmearAnalyser;
import org.hemareview.analysis.SmearImporter;
import org.hemareview.analysis.SmearPipeline;
import org.hemareview.analysis.SmearScale;
import org.hemareview.image.SmearImageReader;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.NewCell;
import org.hemareview.review.NewSmear;
import org.hemareview.review.Workspace;

/**
 * {@code bench review}: a throw-away workspace of {@code cells} real crops (cut from one
 * sample smear, spread over smears of 20 cells), each decided through the store (one
 * transaction per decision, as the app does), then exported in the three formats.
 */
final class ReviewBench {
    private ReviewBench() {
    }

    static int run(Path smearFile, int cellCount) throws Exception {
        Path dir = Files.createTempDirectory("hemareview-bench-review");
        try {
            try (Workspace ws = Workspace.open(dir.resolve("bench.db"))) {
                List<NewCell> template = template(ws, smearFile);
                int perSmear = 20;
                List<Cell> cells = new ArrayList<>();
                for (int s = 0; cells.size() < cellCount; s++) {
                    long id = ws.smears().register(new NewSmear(smearFile.toAbsolutePath(), "bench-" + s, 2560, 1920, null), "bench").smear().id();
                    List<NewCell> batch = new ArrayList<>();
                    for (int i = 0; i < perSmear && cells.size() + batch.size() < cellCount; i++) {
                        batch.add(template.get(i % template.size()));
                    }
                    cells.addAll(ws.cells().replace(id, batch, 0.05, "given", "bench"));
                }
                String[] labels = {"neutrophil", "lymphocyte", "monocyte", "eosinophil", "basophil"};
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < cells.size(); i++) {
                    long t = System.nanoTime();
                    ws.decisions().decide(cells.get(i).id(), "bench", labels[i % labels.length], Decision.Kind.ASSIGN, "bench-model");
                    ms.add((System.nanoTime() - t) / 1e6);
                }
                List<Double> sorted = ms.stream().sorted().toList();
                System.out.printf("decide (store, one transaction + audit, synchronous=%s): median %.2f ms, p95 %.2f ms over %d decisions%n",
                        synchronousMode(ws), sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.95)), sorted.size());
                for (DatasetExport.Format f : DatasetExport.Format.values()) {
                    Path out = dir.resolve("export-" + f.name().toLowerCase());
                    long t = System.nanoTime();
                    DatasetExport.Summary s = new DatasetExport(ws).export(new DatasetExport.Options(f, true, false), out, (d, n) -> { }, () -> false);
                    System.out.printf("export %-11s %d cells from %d smears: %.2f s%n", f.name().toLowerCase(), s.cells(), s.smears(),
                            (System.nanoTime() - t) / 1e9);
                }
            }
        } finally {
            org.hemareview.io.FileTrees.delete(dir);
        }
        return 0;
    }

    private static String synchronousMode(Workspace ws) {
        return ws.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA synchronous")) {
                return switch (rs.getInt(1)) {
                    case 0 -> "OFF";
                    case 1 -> "NORMAL";
                    case 2 -> "FULL";
                    default -> "EXTRA";
                };
            }
        });
    }

    /** The cells of one real smear, analysed once, as templates. */
    private static List<NewCell> template(Workspace ws, Path smearFile) throws Exception {
        SmearImporter importer = new SmearImporter(ws, new SmearImageReader(), "bench");
        try (SmearImporter.Opened o = importer.open(smearFile)) {
            List<Cell> cells;
            try (SegmenterModels models = SegmenterModels.bundled()) {
                cells = new SmearAnalyser(ws, new SmearPipeline(models.segmenter(), Optional.empty()), "bench")
                        .analyse(o.registration().smear(), o.image(), SmearScale.Choice.user(0.05)).cells();
            }
            List<NewCell> out = new ArrayList<>();
            for (Cell c : cells) {
                out.add(new NewCell(c.polygon(), c.box(), c.area(), c.centroid(), c.edge(), ws.cells().crop(c.id()).orElseThrow()));
            }
            return out;
        }
    }
}
