package org.hemareview.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.hemareview.analysis.SmearScale;
import org.hemareview.analysis.ActiveModel;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.analysis.SmearAnalyser;
import org.hemareview.analysis.SmearImporter;
import org.hemareview.analysis.SmearPipeline;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.image.ImageReadException;
import org.hemareview.image.SmearImageReader;
import org.hemareview.io.AtomicFiles;
import org.hemareview.review.Cell;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.Workspace;
import org.hemareview.review.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Batch analysis: import, segment, classify and store every smear through the same
 * {@link SmearPipeline} the window uses, with the workspace's active model version. A bad file
 * is reported and skipped; the exit code is 1 when anything failed.
 */
@Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true,
        description = "Segment and classify smears into the workspace (progress per smear, summary at the end).")
final class AnalyzeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    HemaReviewCommand parent;

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Model package (default: the workspace's active version).")
    Path model;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Also write each smear's cells, scale and calls as JSON.")
    Path json;

    @Mixin
    ScaleOption scale;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Smear images.")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        SmearScale.Choice choice = scale.choice(); // a bad --scale is a usage error before any file is read
        String actor = Workspaces.systemActor();
        int failed = 0;
        int smears = 0;
        int cells = 0;
        Map<String, Integer> perClass = new TreeMap<>();
        ArrayNode out = JSON.createArrayNode();
        long start = System.nanoTime();
        try (Workspace ws = Workspace.open(parent.workspace);
             ActiveModel active = model != null ? ActiveModel.ofPackage(model, ComputeDevice.detect())
                     : ActiveModel.ofWorkspace(ws, actor, ComputeDevice.detect());
             SegmenterModels segmenters = SegmenterModels.bundled()) {
            CellClassifier classifier = active.current();
            SmearImporter importer = new SmearImporter(ws, new SmearImageReader(), actor);
            SmearAnalyser analyser = new SmearAnalyser(ws, new SmearPipeline(segmenters.segmenter(), java.util.Optional.of(classifier)), actor);
            System.out.printf("model %s on %s, workspace %s%n", classifier.version(), classifier.device(), ws.file());
            for (int i = 0; i < images.size(); i++) {
                Path p = images.get(i);
                long t = System.nanoTime();
                try (SmearImporter.Opened o = importer.open(p)) {
                    SmearAnalyser.Stored a = analyser.analyse(o.registration().smear(), o.image(), choice);
                    Map<String, Integer> calls = callsOf(a);
                    calls.forEach((k, v) -> perClass.merge(k, v, Integer::sum));
                    var blasts = org.hemareview.review.BlastCount.of(calls);
                    smears++;
                    cells += a.cells().size();
                    ObjectNode entry = toJson(p, a, blasts);
                    if (!o.image().conversion().isEmpty()) {
                        entry.put("warning", o.image().conversion().strip());
                    }
                    SegmentCommand.putWarnings(entry, o.image(), a.warnings());
                    out.add(entry);
                    System.out.printf("[%d/%d] %s: smear %d, %d cells, %d classified%s (scale %.4f um/px, %s), %.0f ms%n", i + 1, images.size(), p,
                            a.smear().id(), a.cells().size(), a.predictions().size(), blasts.present() ? ", " + blasts.text() : "",
                            a.scale().umPerPx(), a.scale().source().key(), (System.nanoTime() - t) / 1e6);
                    if (org.hemareview.review.SmearShift.of(a.predictions().values()).isUnlike()) {
                        System.out.printf("[%d/%d] %s: WARNING: %s%n", i + 1, images.size(), p, org.hemareview.review.SmearShift.BANNER);
                    }
                } catch (ImageReadException | RuntimeException e) {
                    // one smear's failure (a bad file, a signed smear, an OpenCV error) is reported; the batch goes on
                    failed++;
                    System.err.printf("[%d/%d] %s: FAILED: %s%n", i + 1, images.size(), p, e.getMessage());
                    out.addObject().put("image", p.toString()).put("error", String.valueOf(e.getMessage()));
                }
            }
        }
        if (json != null) {
            AtomicFiles.write(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
        }
        System.out.printf("summary: %d smear(s) analysed, %d failed, %d cells in %.1f s%n", smears, failed, cells, (System.nanoTime() - start) / 1e9);
        perClass.forEach((k, v) -> System.out.printf("  %-14s %d%n", k, v));
        System.out.println("  " + org.hemareview.review.BlastCount.of(perClass).text() + " (model calls, not yet reviewed)");
        return failed == 0 ? 0 : 1;
    }

    /** The model's calls on one smear, per class. */
    private static Map<String, Integer> callsOf(SmearAnalyser.Stored a) {
        Map<String, Integer> calls = new TreeMap<>();
        a.predictions().values().forEach(sp -> calls.merge(sp.label(), 1, Integer::sum));
        return calls;
    }

    private static ObjectNode toJson(Path image, SmearAnalyser.Stored a, org.hemareview.review.BlastCount blasts) {
        ObjectNode o = JSON.createObjectNode();
        o.put("image", image.toString());
        o.put("smear", a.smear().id());
        o.put("scale_um_per_px", a.scale().umPerPx());
        o.put("scale_source", a.scale().source().key());
        a.modelVersion().ifPresent(v -> o.put("model", v));
        o.putObject("blasts").put("count", blasts.blasts()).put("percent", blasts.percent()).put("of", blasts.counted()).put("text", blasts.text());
        var shift = org.hemareview.review.SmearShift.of(a.predictions().values());
        if (shift.scored() > 0) {
            ObjectNode sh = o.putObject("shift");
            sh.put("median", shift.median()).put("threshold", shift.threshold()).put("unlike_cells", shift.unlike()).put("scored_cells", shift.scored())
                    .put("unlike_training_data", shift.isUnlike());
            if (shift.isUnlike()) {
                sh.put("warning", org.hemareview.review.SmearShift.BANNER);
            }
        }
        ArrayNode list = o.putArray("cells");
        for (Cell c : a.cells()) {
            ObjectNode n = list.addObject();
            n.put("number", c.number());
            SegmentCommand.putBox(n, c.box());
            StoredPrediction p = a.predictions().get(c.id());
            if (p != null) {
                n.put("predicted", p.label());
                n.put("confidence", p.confidence());
                if (p.shift() != null) {
                    n.put("shift", p.shift());
                    n.put("unlike_training_data", p.unlikeTraining());
                }
            }
        }
        return o;
    }
}
