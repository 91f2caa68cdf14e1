package org.hemareview.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hemareview.dataset.GroundTruthCell;
import org.hemareview.dataset.GroundTruthJson;
import org.hemareview.dataset.GroundTruthSmear;
import org.hemareview.dataset.VocBoxes;
import org.hemareview.image.SmearImage;
import org.hemareview.image.SmearImageReader;
import org.hemareview.model.CentreModel;
import org.hemareview.segment.CentreMaps;
import org.hemareview.segment.Scale;
import org.hemareview.segment.SmearSegmenter;
import org.hemareview.segment.SegmentationSettings;
import org.hemareview.segment.WhiteCellSegmenter;
import org.hemareview.train.CentreTraining;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the cell-centre network that splits touching cells, from composed smears with ground truth and labs' boxed real fields. */
@Command(name = "train-centres", mixinStandardHelpOptions = true,
        description = "Train the cell-centre network (used to split touching white cells) on composed smears with ground-truth outlines "
                + "(JPEG + JSON pairs as written by 'compose') and labs' fields with white-cell boxes.")
final class TrainCentresCommand implements Callable<Integer> {
    @Option(names = "--smears", paramLabel = "DIR", description = "Folder of composed smears (every 10th is held out for validation).")
    Path smears;

    @Option(names = "--fields", paramLabel = "DIR", description = "A lab's real fields with white-cell boxes (images/ and boxes/ with Pascal VOC, "
            + "as in ../shared/data/bccd); repeatable. Targets are the ellipses in the boxes, the scale is estimated as the app does; "
            + "every 10th field is held out.")
    List<Path> fields = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the network goes (e.g. models/cell-centres).")
    Path out;

    @Option(names = "--steps", defaultValue = "2000", description = "Optimiser steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--width", defaultValue = "8", description = "Channels of the first level (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--batch", defaultValue = "16", description = "Windows per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--window", defaultValue = "96", description = "Window side in map pixels at 0.45 µm/px, a multiple of 8 (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--lr", defaultValue = "0.003", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--composed-share", paramLabel = "SHARE", description = "Share of training windows from the composed smears "
            + "(default: every source, composed or lab, an equal share).")
    Double composedShare;

    @Option(names = "--zoom", defaultValue = "1", description = "Magnify each training window by a random factor between "
            + "1/ZOOM and ZOOM, input and target alike (cell size and lobe spacing as other labs show them; default ${DEFAULT-VALUE}: none).")
    double zoom;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** Builds every input as the segmenter builds its own: the network sees in training what it sees in use. */
    private final WhiteCellSegmenter segmenter = new WhiteCellSegmenter(SegmentationSettings.defaults());

    @Override
    public Integer call() throws Exception {
        if (smears == null && fields.isEmpty()) {
            throw new IllegalArgumentException("give --smears (composed smears) and/or --fields (a lab's boxed fields)");
        }
        SmearImageReader reader = new SmearImageReader();
        List<CentreTraining.Sample> train = new ArrayList<>();
        List<CentreTraining.Sample> val = new ArrayList<>();
        long t0 = System.nanoTime();
        if (smears != null) {
            List<Path> images;
            try (Stream<Path> files = Files.list(smears)) {
                images = files.filter(p -> p.toString().endsWith(".jpg") && Files.exists(GroundTruthJson.besides(p))).sorted().toList();
            }
            if (images.size() < 2) {
                throw new IllegalArgumentException(smears + ": needs at least two smears with ground truth (JPEG + JSON)");
            }
            for (int i = 0; i < images.size(); i++) {
                GroundTruthSmear truth = GroundTruthJson.read(GroundTruthJson.besides(images.get(i)));
                try (SmearImage img = reader.read(images.get(i))) {
                    (i % 10 == 9 ? val : train).add(sample(img.bgr(), Scale.given(truth.umPerPx()),
                            truth.cells().stream().map(GroundTruthCell::polygon).toList(), "composed"));
                }
            }
        }
        SmearSegmenter estimator = new SmearSegmenter();
        for (Path dir : fields) {
            List<Path> images;
            try (Stream<Path> files = Files.list(dir.resolve("images"))) {
                images = files.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().toList();
            }
            String lab = dir.getFileName().toString();
            int n = 0;
            for (Path image : images) {
                Path xml = dir.resolve("boxes").resolve(SegmentCommand.stem(image) + ".xml");
                if (!Files.exists(xml)) {
                    continue;
                }
                List<List<int[]>> cells = VocBoxes.read(xml, "WBC").stream().map(TrainCentresCommand::ellipse).toList();
                try (SmearImage img = reader.read(image)) {
                    (n++ % 10 == 9 ? val : train).add(sample(img.bgr(), estimator.estimateScale(img.bgr()), cells, lab));
                }
            }
            System.out.printf("%s: %d fields%n", lab, n);
        }
        System.out.printf("%d training and %d validation smears prepared in %.1f s%n", train.size(), val.size(), (System.nanoTime() - t0) / 1e9);
        CentreTraining.Settings settings = new CentreTraining.Settings(width, steps, batch, window, lr, seed,
                composedShare == null ? Double.NaN : composedShare, zoom);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            CentreTraining.Result r = new CentreTraining(settings).train(train, val, manager, step -> {
                if (step % 100 == 0) {
                    System.out.printf("step %d of %d%n", step, steps);
                }
            });
            ObjectNode info = CentreModel.newInfo();
            info.put("smears", String.valueOf(smears));
            fields.forEach(f -> info.withArray("fields").add(f.toString()));
            info.put("training_smears", train.size());
            info.put("validation_smears", val.size());
            info.put("steps", steps);
            info.put("batch", batch);
            info.put("window", window);
            info.put("learning_rate", lr);
            info.put("seed", seed);
            if (zoom != 1) {
                info.put("zoom", zoom);
            }
            if (composedShare != null) {
                info.put("composed_share", composedShare);
            }
            info.put("best_step", r.bestStep());
            info.put("validation_loss", r.bestValLoss());
            info.put("seconds", Math.round(r.seconds()));
            CentreModel.save(r.net(), width, info, out);
            System.out.printf("centre network written to %s: best validation loss %.4f at step %d, %.0f s%n", out, r.bestValLoss(), r.bestStep(), r.seconds());
        }
        return 0;
    }

    /** The network's input and target for one smear, built as the segmenter builds its input. */
    private CentreTraining.Sample sample(Mat bgr, Scale scale, List<List<int[]>> cells, String source) {
        Mat work = segmenter.workImage(bgr, scale);
        try {
            int[] dims = new int[2];
            float[] input = CentreMaps.input(work, segmenter.workUmPerPx(scale), dims);
            float[] target = CentreMaps.target(cells, scale.umPerPx(), dims[0], dims[1]);
            return new CentreTraining.Sample(input, target, dims[0], dims[1], source);
        } finally {
            work.release();
        }
    }

    /** The ellipse inscribed in a box [x, y, w, h]: a white cell's outline where only its box is annotated. */
    static List<int[]> ellipse(int[] box) {
        List<int[]> out = new ArrayList<>();
        double cx = box[0] + box[2] / 2.0;
        double cy = box[1] + box[3] / 2.0;
        for (int i = 0; i < 48; i++) {
            double t = 2 * Math.PI * i / 48;
            out.add(new int[] {(int) Math.round(cx + box[2] / 2.0 * Math.cos(t)), (int) Math.round(cy + box[3] / 2.0 * Math.sin(t))});
        }
        return out;
    }
}
