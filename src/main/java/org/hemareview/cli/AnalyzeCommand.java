package org.hemareview.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.SmearClassifier;
import org.hemareview.dataset.SmearAnalyser;
import org.hemareview.dataset.SmearImporter;
import org.hemareview.image.ImageReadException;
import org.hemareview.image.SmearImageReader;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.Workspace;
import org.hemareview.review.WorkspaceException;
import org.hemareview.review.Workspaces;
import org.hemareview.segment.SmearSegmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Batch analysis: import, segment, classify and store every smear, with the same classes the app
 * uses. A bad file is reported and skipped; the exit code is 1 when anything failed.
 */
@Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true,
        description = "Segment and classify smears into the workspace (progress per smear, summary at the end).")
final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    HemaReviewCommand parent;

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Model package (default: the bundled one).")
    Path model;

    @Mixin
    ScaleOption scale;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Smear images.")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        Optional<Double> umPerPx = scale.value();
        String actor = Workspaces.systemActor();
        int failed = 0;
        int smears = 0;
        int cells = 0;
        Map<String, Integer> perClass = new TreeMap<>();
        long start = System.nanoTime();
        try (Workspace ws = Workspace.open(parent.workspace);
             CellClassifier classifier = CellClassifier.load(ModelOption.resolve(model), ComputeDevice.detect())) {
            SmearImporter importer = new SmearImporter(ws, new SmearImageReader(), actor);
            SmearAnalyser analyser = new SmearAnalyser(ws, org.hemareview.Segmenters.standard(), actor);
            SmearClassifier smearClassifier = new SmearClassifier(classifier, ws, actor);
            System.out.printf("model %s on %s, workspace %s%n", smearClassifier.modelVersion(), classifier.device(), ws.file());
            for (int i = 0; i < images.size(); i++) {
                Path p = images.get(i);
                long t = System.nanoTime();
                try (SmearImporter.Opened o = importer.open(p)) {
                    SmearAnalyser.Analysis a = analyser.analyse(o.registration().smear(), o.image().bgr(), umPerPx);
                    Map<Long, StoredPrediction> calls = smearClassifier.classify(o.registration().smear().id(), a.cells());
                    calls.values().forEach(sp -> perClass.merge(sp.label(), 1, Integer::sum));
                    smears++;
                    cells += a.cells().size();
                    System.out.printf("[%d/%d] %s: smear %d, %d cells, %d classified (scale %.4f um/px, %s), %.0f ms%n", i + 1, images.size(), p,
                            o.registration().smear().id(), a.cells().size(), calls.size(), a.segmentation().scale().umPerPx(),
                            a.segmentation().scale().source(), (System.nanoTime() - t) / 1e6);
                } catch (ImageReadException | WorkspaceException e) {
                    failed++;
                    System.err.printf("[%d/%d] %s: FAILED: %s%n", i + 1, images.size(), p, e.getMessage());
                }
            }
        }
        System.out.printf("summary: %d smear(s) analysed, %d failed, %d cells in %.1f s%n", smears, failed, cells, (System.nanoTime() - start) / 1e9);
        perClass.forEach((k, v) -> System.out.printf("  %-14s %d%n", k, v));
        return failed == 0 ? 0 : 1;
    }
}
