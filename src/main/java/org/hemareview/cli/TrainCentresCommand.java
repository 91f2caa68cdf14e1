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
import org.hemareview.image.SmearImage;
import org.hemareview.image.SmearImageReader;
import org.hemareview.model.CentreModel;
import org.hemareview.segment.CentreMaps;
import org.hemareview.segment.Scale;
import org.hemareview.segment.WhiteCellSegmenter;
import org.hemareview.segment.SegmentationSettings;
import org.hemareview.train.CentreTraining;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the cell-centre network that splits touching cells, from composed smears with ground truth. */
@Command(name = "train-centres", mixinStandardHelpOptions = true,
        description = "Train the cell-centre network (used to split touching white cells) on smears with ground-truth outlines "
                + "(JPEG + JSON pairs as written by 'compose').")
final class TrainCentresCommand implements Callable<Integer> {
    @Option(names = "--smears", required = true, paramLabel = "DIR", description = "Folder of composed smears (every 10th is held out for validation).")
    Path smears;

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

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<Path> images;
        try (Stream<Path> files = Files.list(smears)) {
            images = files.filter(p -> p.toString().endsWith(".jpg") && Files.exists(GroundTruthJson.besides(p))).sorted().toList();
        }
        if (images.size() < 2) {
            throw new IllegalArgumentException(smears + ": needs at least two smears with ground truth (JPEG + JSON)");
        }
        WhiteCellSegmenter segmenter = new WhiteCellSegmenter(SegmentationSettings.defaults());
        SmearImageReader reader = new SmearImageReader();
        List<CentreTraining.Sample> train = new ArrayList<>();
        List<CentreTraining.Sample> val = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < images.size(); i++) {
            GroundTruthSmear truth = GroundTruthJson.read(GroundTruthJson.besides(images.get(i)));
            Scale scale = Scale.given(truth.umPerPx());
            try (SmearImage img = reader.read(images.get(i))) {
                Mat work = segmenter.workImage(img.bgr(), scale);
                try {
                    int[] dims = new int[2];
                    float[] input = CentreMaps.input(work, segmenter.workUmPerPx(scale), dims);
                    float[] target = CentreMaps.target(truth.cells().stream().map(GroundTruthCell::polygon).toList(), scale.umPerPx(), dims[0], dims[1]);
                    (i % 10 == 9 ? val : train).add(new CentreTraining.Sample(input, target, dims[0], dims[1]));
                } finally {
                    work.release();
                }
            }
        }
        System.out.printf("%d training and %d validation smears prepared in %.1f s%n", train.size(), val.size(), (System.nanoTime() - t0) / 1e9);
        CentreTraining.Settings settings = new CentreTraining.Settings(width, steps, batch, window, lr, seed);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            CentreTraining.Result r = new CentreTraining(settings).train(train, val, manager, step -> {
                if (step % 100 == 0) {
                    System.out.printf("step %d of %d%n", step, steps);
                }
            });
            ObjectNode info = CentreModel.newInfo();
            info.put("smears", smears.toString());
            info.put("training_smears", train.size());
            info.put("validation_smears", val.size());
            info.put("steps", steps);
            info.put("batch", batch);
            info.put("window", window);
            info.put("learning_rate", lr);
            info.put("seed", seed);
            info.put("best_step", r.bestStep());
            info.put("validation_loss", r.bestValLoss());
            info.put("seconds", Math.round(r.seconds()));
            CentreModel.save(r.net(), width, info, out);
            System.out.printf("centre network written to %s: best validation loss %.4f at step %d, %.0f s%n", out, r.bestValLoss(), r.bestStep(), r.seconds());
        }
        return 0;
    }
}
