package org.hemareview.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hemareview.analysis.SmearScale;
import org.hemareview.analysis.Analysis;
import org.hemareview.geometry.Box;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.analysis.SmearPipeline;
import org.hemareview.image.ImageReadException;
import org.hemareview.image.SmearImage;
import org.hemareview.image.SmearImageReader;
import org.hemareview.segment.Segmentation;
import org.hemareview.segment.SegmentedCell;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code segment}: white cells of smear images as JSON, optionally with their crops. */
@Command(name = "segment", mixinStandardHelpOptions = true, description = "Find the white cells on smear images; write JSON (and crops).")
final class SegmentCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Mixin
    ScaleOption scaleOption;

    @Option(names = "--crops", paramLabel = "DIR", description = "Write each cell's crop as DIR/<image>_<id>.png.")
    Path crops;

    @Option(names = "--json", required = true, paramLabel = "OUT.json", description = "Where the cells go.")
    Path json;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<Path> images;

    /**
     * Every warning on one image, the reader's and the segmenter's, as the entry's {@code warnings}
     * array (absent when none); the segmenter's also on stderr, the reader's are logged where it reads.
     */
    static void putWarnings(ObjectNode entry, SmearImage image, java.util.List<String> segmentation) {
        segmentation.forEach(w -> System.err.println("warning: " + image.path().getFileName() + ": " + w));
        if (image.conversion().isEmpty() && segmentation.isEmpty()) {
            return;
        }
        var a = entry.putArray("warnings");
        if (!image.conversion().isEmpty()) {
            a.add(image.conversion().strip());
        }
        segmentation.forEach(a::add);
    }

    @Override
    public Integer call() throws Exception {
        SmearScale.Choice choice = scaleOption.choice(); // a bad --scale is a usage error before any file is read
        SmearImageReader reader = new SmearImageReader();
        ArrayNode out = JSON.createArrayNode();
        int failed = 0;
        if (crops != null) {
            Files.createDirectories(crops);
        }
        try (SegmenterModels models = SegmenterModels.bundled()) {
            SmearPipeline pipeline = new SmearPipeline(models.segmenter(), Optional.empty());
            for (Path p : images) {
                try (SmearImage img = reader.read(p); Analysis a = pipeline.analyse(img, choice)) {
                    Segmentation s = a.segmentation();
                    ObjectNode o = toJson(p, s).put("cell_centre_network", models.usesCentres());
                    if (!img.conversion().isEmpty()) {
                        o.put("warning", img.conversion().strip());
                    }
                    putWarnings(o, img, s.warnings());
                    out.add(o);
                    if (crops != null) {
                        String stem = stem(p);
                        for (int i = 0; i < s.cells().size(); i++) {
                            Imgcodecs.imwrite(crops.resolve(stem + "_" + s.cells().get(i).id() + ".png").toString(), a.crops().get(i).pixels());
                        }
                    }
                    System.err.printf("%s: %d white cells (%s scale %.4f um/px)%n", p.getFileName(), s.cells().size(), s.scale().source().key(),
                            s.scale().umPerPx());
                } catch (ImageReadException | RuntimeException e) {
                    // one image's failure is reported in the batch's JSON (and on stderr); the batch goes on
                    System.err.println("error: " + (e instanceof ImageReadException ? e.getMessage() : p + ": " + e));
                    out.addObject().put("image", p.toString()).put("error", String.valueOf(e.getMessage()));
                    failed++;
                }
            }
        }
        org.hemareview.io.AtomicFiles.write(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
        return failed == 0 ? 0 : 1;
    }

    static ObjectNode toJson(Path image, Segmentation s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("image", image.toString());
        o.put("width", s.width());
        o.put("height", s.height());
        o.put("scale_um_per_px", s.scale().umPerPx());
        o.put("scale_source", s.scale().source().key());
        ArrayNode cells = o.putArray("cells");
        for (SegmentedCell c : s.cells()) {
            ObjectNode n = cells.addObject();
            n.put("id", c.id());
            putBox(n, c.box());
            ArrayNode poly = n.putArray("polygon");
            for (int[] pt : c.polygon()) {
                poly.addArray().add(pt[0]).add(pt[1]);
            }
            n.put("area", Math.round(c.area() * 10) / 10.0);
            n.putArray("centroid").add(Math.round(c.centroid()[0] * 10) / 10.0).add(Math.round(c.centroid()[1] * 10) / 10.0);
            n.put("edge", c.edge());
        }
        return o;
    }

    /** {@code "box": [x, y, w, h]}, as every command writes it. */
    static void putBox(ObjectNode o, Box box) {
        o.putArray("box").add(box.x()).add(box.y()).add(box.width()).add(box.height());
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
