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
import org.hemareview.analysis.ActiveModel;
import org.hemareview.analysis.Analysis;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.analysis.SmearPipeline;
import org.hemareview.classify.CellClassifier;
import org.hemareview.segment.SegmentationSettings;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.CamMethod;
import org.hemareview.classify.GradCam;
import org.hemareview.classify.HeatmapImages;
import org.hemareview.classify.Heatmap;
import org.hemareview.classify.Prediction;
import org.hemareview.image.ImageReadException;
import org.hemareview.image.SmearImage;
import org.hemareview.image.SmearImageReader;
import org.hemareview.segment.SegmentedCell;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code classify}: classes, confidences and (optionally) Grad-CAM maps for crops or whole smears. */
@Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify cell crops (or, with --smear, every cell of smears).")
final class ClassifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.ParentCommand
    HemaReviewCommand parent;

    @Option(names = "--model", paramLabel = "MODEL_DIR",
            description = "Model package (default: the workspace's active version where it has a registry, else the bundled model).")
    Path model;

    @Option(names = "--gradcam", paramLabel = "OUT_DIR", description = "Write a Grad-CAM overlay PNG per crop.")
    Path gradcam;

    @Option(names = "--json", required = true, paramLabel = "OUT.json")
    Path json;

    @Option(names = "--smear", description = "The images are whole smears: segment, then classify each cell.")
    boolean smear;

    @picocli.CommandLine.Mixin
    ScaleOption scaleOption;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        SmearScale.Choice choice = scaleOption.choice(); // a bad --scale is a usage error before any file is read
        SmearImageReader reader = new SmearImageReader(smear ? org.hemareview.image.ImageLimits.DEFAULT
                : new org.hemareview.image.ImageLimits(8, org.hemareview.image.ImageLimits.DEFAULT.maxPixels()));
        ArrayNode out = JSON.createArrayNode();
        int failed = 0;
        if (gradcam != null) {
            Files.createDirectories(gradcam);
        }
        try (ActiveModel active = ActiveModel.forCommand(model, parent.workspace, ComputeDevice.detect());
             SegmenterModels models = smear ? SegmenterModels.bundled() : SegmenterModels.withoutCentres(SegmentationSettings.defaults())) {
            CellClassifier classifier = active.current();
            GradCam cam = GradCam.forReview(classifier);
            SmearPipeline pipeline = new SmearPipeline(models.segmenter(), Optional.of(classifier));
            for (Path p : images) {
                try (SmearImage img = reader.read(p)) {
                    if (!smear) {
                        out.add(entry(p, img.bgr(), classifier.classify(List.of(img.bgr())).get(0), cam, SegmentCommand.stem(p)));
                        continue;
                    }
                    try (Analysis a = pipeline.analyse(img, choice)) {
                        for (int i = 0; i < a.cells().size(); i++) {
                            SegmentedCell c = a.cells().get(i);
                            ObjectNode o = entry(p, a.crops().get(i).pixels(), a.predictions().get(i), cam, SegmentCommand.stem(p) + "_" + c.id());
                            o.put("cell", c.id());
                            SegmentCommand.putBox(o, c.box());
                            o.put("scale_um_per_px", a.scale().umPerPx());
                            o.put("scale_source", a.scale().source().key());
                            o.put("model", classifier.version());
                            out.add(o);
                        }
                    }
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

    private ObjectNode entry(Path image, Mat crop, Prediction p, GradCam cam, String stem) {
        ObjectNode o = JSON.createObjectNode();
        o.put("image", image.toString());
        o.put("predicted", p.predicted());
        o.put("confidence", p.confidence());
        if (!Double.isNaN(p.shift())) {
            o.put("shift", p.shift());
            o.put("unlike_training_data", p.unlike());
        }
        ObjectNode probs = o.putObject("probabilities");
        for (int i = 0; i < p.classes().size(); i++) {
            probs.put(p.classes().get(i), p.probabilities()[i]);
        }
        if (gradcam != null) {
            Heatmap h = cam.explain(crop, p.predictedIndex(), CamMethod.DEFAULT);
            Path png = gradcam.resolve(stem + "_gradcam.png");
            Mat overlay = HeatmapImages.overlay(crop, h, 0.45);
            Imgcodecs.imwrite(png.toString(), overlay);
            overlay.release();
            o.put("gradcam", png.toString());
            o.put("gradcam_class", h.className());
            o.put("gradcam_method", cam.describe(CamMethod.DEFAULT));
            o.putArray("gradcam_peak").add(h.peakX()).add(h.peakY());
        }
        return o;
    }
}
