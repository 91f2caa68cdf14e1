package org.hemareview.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hemareview.dataset.SampleData;
import org.hemareview.image.SmearImage;
import org.hemareview.analysis.Analysis;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.analysis.SmearPipeline;
import org.hemareview.analysis.SmearScale;
import org.hemareview.image.SmearImageReader;
import org.hemareview.segment.Scale;
import org.hemareview.segment.Segmentation;
import org.hemareview.segment.SmearSegmenter;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench segment}: medians after warm-up of decoding and of each segmentation stage on one
 * smear, the process's peak memory growth, and the same for a ~10000x10000 smear made by tiling it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (medians after warm-up).")
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "WHAT", description = "segment | classify | review")
    String what;

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "For classify: the model (default: the bundled one).")
    Path model;

    @Option(names = "--untrained", paramLabel = "ARCH", description = "For classify: time an untrained network of this architecture "
            + "instead (e.g. resnext-cc-full, for the record); throughput only.")
    String untrained;

    @Option(names = "--image", paramLabel = "FILE", description = "Smear to time (default: the first composed sample smear).")
    Path image;

    @Option(names = "--scale", defaultValue = "0.05", description = "µm per pixel or 'auto' (default: ${DEFAULT-VALUE}, the composed smears' scale).")
    String scaleText;

    @Option(names = "--warmup", defaultValue = "5")
    int warmup;

    @Option(names = "--runs", defaultValue = "25")
    int runs;

    @Option(names = "--cells", defaultValue = "1000", description = "For review: cells to decide and export (default: ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--no-large", description = "Skip the 10000x10000 run.")
    boolean noLarge;

    @Override
    public Integer call() throws Exception {
        if ("classify".equals(what)) {
            return classify();
        }
        if ("review".equals(what)) {
            return ReviewBench.run(image != null ? image : SampleData.folder().map(d -> d.resolve("composed/composed-001.jpg"))
                    .orElseThrow(() -> new IOException("no --image and no sample-data folder")), cells);
        }
        if (!"segment".equals(what)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown benchmark '" + what + "' (known: segment, classify, review)");
        }
        Path file = image != null ? image : SampleData.folder().map(d -> d.resolve("composed/composed-001.jpg"))
                .orElseThrow(() -> new IOException("no --image and no sample-data folder"));
        Optional<Scale> scale = SmearScale.known(file, ScaleOption.parse(scaleText, spec));
        SmearImageReader reader = new SmearImageReader();
        try (SegmenterModels models = SegmenterModels.bundled()) {
            return segment(models.segmenter(), reader, file, scale);
        }
    }

    private int segment(SmearSegmenter segmenter, SmearImageReader reader, Path file, Optional<Scale> scale) throws IOException {
        List<Double> decode = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            long t = System.nanoTime();
            try (SmearImage img = reader.read(file)) {
                if (i >= warmup) {
                    decode.add((System.nanoTime() - t) / 1e6);
                }
            }
        }
        try (SmearImage img = reader.read(file)) {
            System.out.printf("smear %s  %dx%d  scale %s%n", file.getFileName(), img.width(), img.height(), scaleText);
            System.out.printf("decode (read + checks + JPEG decode + hash) median %.1f ms%n", median(decode));
            report(segmenter, img.bgr(), scale, "segmentation");
            if (!noLarge) {
                Mat big = new Mat();
                Core.repeat(img.bgr(), 5, 4, big); // 10240 x 9600 = 98 MP
                try {
                    runs = Math.max(3, runs / 5);
                    warmup = 1;
                    System.out.printf("large smear %dx%d (the sample tiled 4x5)%n", big.cols(), big.rows());
                    report(segmenter, big, scale, "large segmentation");
                } finally {
                    big.release();
                }
            }
        }
        return 0;
    }

    /**
     * Classifier throughput (crops/s at batch 16, crops already at input size), Grad-CAM per cell,
     * and a whole smear from file to every cell classified (decode, segment, crops, classify).
     */
    private int classify() throws Exception {
        if (untrained != null) {
            return classifyUntrained();
        }
        Path file = image != null ? image : SampleData.folder().map(d -> d.resolve("composed/composed-001.jpg"))
                .orElseThrow(() -> new IOException("no --image and no sample-data folder"));
        SmearScale.Choice scale = ScaleOption.parse(scaleText, spec);
        try (org.hemareview.classify.CellClassifier classifier = org.hemareview.classify.CellClassifier.load(ModelOption.resolve(model),
                org.hemareview.classify.ComputeDevice.detect())) {
            var m = classifier.manifest();
            System.out.printf("model %s %s (%s, %d px, %s) on %s, %s threads%n", m.name(), m.version(), m.architecture().name(), m.inputSize(),
                    m.colourSpace(), classifier.device(), System.getProperty("ai.djl.pytorch.num_threads", "default"));
            java.util.Random r = new java.util.Random(1);
            List<byte[]> many = new ArrayList<>();
            for (int i = 0; i < 512; i++) {
                byte[] b = new byte[m.inputSize() * m.inputSize() * 3];
                r.nextBytes(b);
                many.add(b);
            }
            List<byte[]> batch = many.subList(0, 16);
            List<Double> perBatch = new ArrayList<>();
            List<Double> per512 = new ArrayList<>();
            for (int i = 0; i < warmup + runs; i++) {
                long t = System.nanoTime();
                classifier.classifyResized(batch);
                double one = (System.nanoTime() - t) / 1e9;
                if (i >= warmup) {
                    perBatch.add(one);
                }
                if (i >= warmup && i < warmup + Math.max(3, runs / 5)) {
                    t = System.nanoTime();
                    classifier.classifyResized(many); // the reference route's protocol: 512 crops in batches of 16
                    per512.add((System.nanoTime() - t) / 1e9);
                }
            }
            System.out.printf("classify: median %.1f crops/s over 512 crops in batches of 16 (batches run concurrently, one per core)%n",
                    512 / median(per512));
            System.out.printf("classify: one batch of 16 alone %.2f ms (%.1f crops/s)%n", 1000 * median(perBatch), 16 / median(perBatch));
            org.hemareview.classify.GradCam cam = org.hemareview.classify.GradCam.forReview(classifier); // what the window shows
            List<Double> camMs = new ArrayList<>();
            for (int i = 0; i < warmup + runs; i++) {
                long t = System.nanoTime();
                cam.explainResized(batch.get(i % 16), -1, 300, 300, org.hemareview.classify.CamMethod.DEFAULT);
                if (i >= warmup) {
                    camMs.add((System.nanoTime() - t) / 1e6);
                }
            }
            System.out.printf("Grad-CAM: median %.1f ms per cell (map upsampled to the 300x300 crop)%n", median(camMs));
            SmearImageReader reader = new SmearImageReader();
            List<Double> whole = new ArrayList<>();
            int cells = 0;
            try (SegmenterModels models = SegmenterModels.bundled()) {
                SmearPipeline pipeline = new SmearPipeline(models.segmenter(), Optional.of(classifier));
                for (int i = 0; i < warmup + runs; i++) {
                    long t = System.nanoTime();
                    try (SmearImage img = reader.read(file); Analysis a = pipeline.analyse(img, scale)) {
                        cells = a.predictions().size();
                    }
                    if (i >= warmup) {
                        whole.add((System.nanoTime() - t) / 1e3 / 1e3);
                    }
                }
            }
            System.out.printf("whole smear %s: file to %d cells classified, median %.0f ms%n", file.getFileName(), cells, median(whole));
        }
        return 0;
    }

    private int classifyUntrained() {
        var arch = org.hemareview.model.NetworkSpec.named(untrained);
        int s = arch.inputSize();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var net = arch.build(8);
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(16, 3, s, s));
            long params = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            List<Double> perBatch = new ArrayList<>();
            for (int i = 0; i < warmup + runs; i++) {
                long t = System.nanoTime();
                try (ai.djl.ndarray.NDManager bm = m.newSubManager()) {
                    net.forward(new ai.djl.training.ParameterStore(bm, false),
                            new ai.djl.ndarray.NDList(bm.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(16, 3, s, s))), false).get(0).toFloatArray();
                }
                if (i >= warmup) {
                    perBatch.add((System.nanoTime() - t) / 1e9);
                }
            }
            System.out.printf("%s (%,d parameters, %d px, untrained) on %s: median %.1f crops/s at batch 16%n", arch.name(), params, s,
                    m.getDevice(), 16 / median(perBatch));
        }
        return 0;
    }

    private void report(SmearSegmenter segmenter, Mat bgr, Optional<Scale> scale, String label) throws IOException {
        long before = org.hemareview.io.ProcessMemory.residentKb();
        org.hemareview.io.ProcessMemory.resetPeak();
        List<Double> total = new ArrayList<>();
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        int cells = 0;
        for (int i = 0; i < warmup + runs; i++) {
            long t = System.nanoTime();
            Segmentation s = segmenter.segment(bgr, scale);
            double ms = (System.nanoTime() - t) / 1e6;
            if (i >= warmup) {
                total.add(ms);
                s.stageMillis().forEach((k, v) -> stages.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
            cells = s.cells().size();
        }
        long peak = org.hemareview.io.ProcessMemory.peakKb();
        System.out.printf("%s median %.1f ms (min %.1f, max %.1f, %d runs), %d white cells%n", label, median(total),
                total.stream().mapToDouble(d -> d).min().orElse(0), total.stream().mapToDouble(d -> d).max().orElse(0), total.size(), cells);
        StringBuilder sb = new StringBuilder("  stages:");
        stages.forEach((k, v) -> sb.append(String.format(" %s %.1f", k, median(v))));
        System.out.println(sb.append(" ms"));
        if (before > 0 && peak > 0) {
            System.out.printf("  peak extra memory (process RSS high-water mark above the start) %.0f MiB%n", Math.max(0, peak - before) / 1024.0);
        }
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length == 0 ? Double.NaN : a[a.length / 2];
    }
}
