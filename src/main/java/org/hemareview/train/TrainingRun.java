package org.hemareview.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.hemareview.classify.InputEncoder;
import org.hemareview.model.CellNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hemareview.classify.Calibration;
import org.hemareview.model.ShiftStatistics;

/**
 * Trains ResNeXt-CC on labelled crops: augmentation, class-weighted cross-entropy (lambda) plus
 * center loss on the pooled features (beta), AdamW on a one-cycle schedule, validation macro-F1
 * after every epoch with the best epoch kept, and temperature scaling fitted on the validation
 * data at the end. Each batch lives in its own NDManager, closed when the batch is done.
 */
public final class TrainingRun {
    private static final Logger logger = LoggerFactory.getLogger(TrainingRun.class);
    private final TrainingConfig config;

    public TrainingRun(TrainingConfig config) {
        this.config = config;
    }

    public TrainingResult run(CropDataset train, CropDataset val, TrainingListener listener) {
        return run(train, val, null, listener);
    }

    /** Trains from scratch, or from {@code initialWeights} (fine-tuning) when given. */
    public TrainingResult run(CropDataset train, CropDataset val, byte[] initialWeights, TrainingListener listener) {
        return run(train, val, initialWeights, train.classes().size(), listener);
    }

    /**
     * Trains from the weights of a network with {@code initialClasses} outputs: every parameter of
     * the same name and shape is copied, and the class layer starts afresh where the class count
     * differs (a network pretrained on PBC's eight classes, trained on to ten).
     */
    public TrainingResult run(CropDataset train, CropDataset val, byte[] initialWeights, int initialClasses, TrainingListener listener) {
        int size = config.architecture().inputSize();
        if (train.imageSize() != size || val.imageSize() != size) {
            throw new IllegalArgumentException("datasets must be loaded at the network's input size " + size);
        }
        int k = train.classes().size();
        int batch = Math.min(config.batchSize(), train.size());
        int steps = config.epochs() * Math.max(1, train.epochLength() / batch);
        CellNetwork net = config.architecture().build(k);
        InputEncoder encoder = new InputEncoder(size, config.colour(), config.architecture().usesMpm(), config.normalisation());
        Augmenter augmenter = augmenterFor(config);
        WeightedCrossEntropy wce = new WeightedCrossEntropy(train.lossCounts());
        long t0 = System.nanoTime();
        org.hemareview.model.NativeMemory.tune();
        Engine.getInstance().setRandomSeed((int) config.seed());
        try (Model model = Model.newInstance("resnext-cc")) {
            model.setBlock(net);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT)
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(new OneCycle(config.learningRate(), steps))
                            .optWeightDecays(config.weightDecay()).build());
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(batch, 3, size, size));
                if (initialWeights != null) {
                    copyWeightsInto(net, trainer.getManager(), initialWeights, size, initialClasses, initialClasses != k);
                }
                long params = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
                int dim = config.architecture().featureDim();
                try (CenterLoss center = new CenterLoss(trainer.getManager(), k, dim, 0.5f)) {
                    return loop(trainer, net, train, val, encoder, augmenter, wce, center, batch, listener, t0, params);
                }
            }
        } catch (ai.djl.MalformedModelException | IOException e) {
            throw new IllegalArgumentException("the starting weights do not fit this network: " + e.getMessage(), e);
        }
    }

    /**
     * Fine-tuning: the starting weights are copied into the arrays the trainer already holds.
     * (Loading them with {@code loadParameters} after {@code trainer.initialize} swaps in new arrays
     * that the trainer's parameter store never sees: training would run on the random
     * initialisation while evaluation used the loaded weights.)
     */
    private void copyWeightsInto(CellNetwork net, NDManager manager, byte[] weights, int size, int classes, boolean newHead)
            throws IOException, ai.djl.MalformedModelException {
        CellNetwork source = config.architecture().build(classes);
        try (NDManager tmp = manager.newSubManager()) {
            source.initialize(tmp, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, size, size));
            source.loadParameters(tmp, new java.io.DataInputStream(new java.io.ByteArrayInputStream(weights)));
            var from = source.getParameters();
            var to = net.getParameters();
            for (int i = 0; i < to.size(); i++) {
                NDArray src = from.get(i).getValue().getArray();
                NDArray dst = to.get(i).getValue().getArray();
                boolean fits = from.get(i).getKey().equals(to.get(i).getKey()) && src.getShape().equals(dst.getShape());
                if (!fits && newHead && from.get(i).getKey().equals(to.get(i).getKey())) {
                    logger.info("{}: {} in the starting network, {} now: starts afresh", to.get(i).getKey(), src.getShape(), dst.getShape());
                    continue;
                }
                if (!fits) {
                    throw new ai.djl.MalformedModelException(to.get(i).getKey() + " is " + src.getShape() + ", the network needs " + dst.getShape());
                }
                src.copyTo(dst);
            }
        }
    }

    static Augmenter augmenterFor(TrainingConfig config) {
        return config.strongAugmentation() ? Augmenter.robust() : Augmenter.standard();
    }

    /**
     * The {@code i}-th crop of a batch as the network sees it in {@code epoch}: augmented (with the next crop of the
     * batch as its neighbour where the recipe pastes one), from a seed of the run, the epoch and its place, so a run repeats.
     */
    static byte[] trainingImage(TrainingConfig config, Augmenter augmenter, CropDataset train, int[] batch, int i, int epoch, long at) {
        byte[] img = train.image(batch[i]);
        if (!config.augment()) {
            return img;
        }
        byte[] beside = config.neighbours() ? train.image(batch[(i + 1) % batch.length]) : null;
        return augmenter.apply(img, beside, train.imageSize(), new Random(config.seed() * 1_000_003L + epoch * 100_003L + at + i));
    }

    private TrainingResult loop(Trainer trainer, CellNetwork net, CropDataset train, CropDataset val, InputEncoder encoder, Augmenter augmenter,
                                WeightedCrossEntropy wce, CenterLoss center, int batch, TrainingListener listener, long t0, long params) {
        int size = encoder.size();
        int batches = Math.max(1, train.epochLength() / batch); // full batches only: batch norm wants them
        List<EpochReport> history = new ArrayList<>();
        byte[] best = null;
        Evaluation bestEval = null;
        int bestEpoch = 0;
        double bestF1 = -1;
        boolean stopped = false;
        Random shuffle = new Random(config.seed());
        for (int epoch = 1; epoch <= config.epochs() && !stopped; epoch++) {
            long e0 = System.nanoTime();
            int[] order = train.epochOrder(shuffle);
            double lossSum = 0;
            int correct = 0;
            int seen = 0;
            for (int b = 0; b < batches; b++) {
                if (listener.stopRequested()) {
                    stopped = true;
                    break;
                }
                int[] idx = java.util.Arrays.copyOfRange(order, b * batch, (b + 1) * batch);
                int[] labels = new int[batch];
                float[] x = new float[batch * 3 * size * size];
                final int ep = epoch;
                final long at = (long) b * batch;
                IntStream.range(0, batch).parallel().forEach(i -> encoder.encode(trainingImage(config, augmenter, train, idx, i, ep, at),
                        x, i * 3 * size * size));
                for (int i = 0; i < batch; i++) {
                    labels[i] = train.label(idx[i]);
                }
                try (NDManager bm = trainer.getManager().newSubManager()) {
                    NDArray input = bm.create(x, new Shape(batch, 3, size, size));
                    float[] features;
                    float[] logits;
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(input));
                        NDArray loss = wce.loss(out.get(0), labels).mul(config.lambda()).add(center.loss(out.get(1), labels).mul(config.beta()));
                        gc.backward(loss);
                        lossSum += loss.getFloat();
                        logits = out.get(0).toFloatArray();
                        features = out.get(1).toFloatArray();
                    }
                    trainer.step();
                    center.update(features, labels);
                    int k = train.classes().size();
                    for (int i = 0; i < batch; i++) {
                        int p = 0;
                        for (int c = 1; c < k; c++) {
                            if (logits[i * k + c] > logits[i * k + p]) {
                                p = c;
                            }
                        }
                        correct += p == labels[i] ? 1 : 0;
                    }
                    seen += batch;
                }
                listener.onBatch(epoch, b + 1, batches);
            }
            if (seen == 0) {
                break;
            }
            if (config.augment() && net.usesBatchNorm()) {
                recalibrateBatchNorm(net, trainer.getManager(), train, encoder, batch, shuffle);
            }
            float[][] logits = logits(net, trainer.getManager(), val, encoder);
            Evaluation eval = Evaluation.of(val.classes(), val.labels(), Calibration.softmax(logits, 1.0));
            double valLoss = Calibration.nll(logits, val.labels(), 1.0);
            boolean isBest = eval.macroF1() > bestF1;
            if (isBest) {
                bestF1 = eval.macroF1();
                bestEval = eval;
                bestEpoch = epoch;
                best = org.hemareview.model.ModelPackage.weightsOf(net);
            }
            EpochReport r = new EpochReport(epoch, config.epochs(), lossSum / Math.max(1, seen / batch), correct / (double) seen,
                    eval.accuracy(), eval.macroF1(), valLoss, (System.nanoTime() - e0) / 1e9, isBest);
            history.add(r);
            listener.onEpoch(r);
            logger.info("epoch {}: loss {} acc {} val acc {} F1 {}", epoch, r.trainLoss(), r.trainAccuracy(), r.valAccuracy(), r.valMacroF1());
        }
        if (best == null) {
            throw new IllegalStateException("training stopped before the first epoch finished: no model to keep");
        }
        restore(net, trainer.getManager(), best);
        Outputs onVal = outputs(net, trainer.getManager(), val, encoder);
        double temperature = Calibration.fitTemperature(onVal.logits(), val.labels());
        ShiftStatistics shift = fitShift(net, trainer.getManager(), train, val, onVal, encoder);
        return new TrainingResult(best, bestEpoch, bestEval, history, (System.nanoTime() - t0) / 1e9, temperature, stopped, params, shift,
                fitColourShift(train, val, COLOUR_K, SHIFT_QUANTILE));
    }

    /**
     * Re-estimates batch-norm running statistics on un-augmented training crops (forward passes in
     * training mode, no gradients, no optimiser step): the statistics collected during training
     * describe rotated, rescaled, colour-jittered crops, while the network is evaluated and used on
     * plain ones. 24 batches at momentum 0.1 leave 8 % of the old statistics.
     */
    static void recalibrateBatchNorm(CellNetwork net, NDManager manager, CropDataset train, InputEncoder encoder, int batch, Random random) {
        int size = encoder.size();
        int n = train.size();
        for (int b = 0; b < 24; b++) {
            float[] x = new float[batch * 3 * size * size];
            int[] idx = train.isBalanced() ? train.draw(random, batch) : random.ints(batch, 0, n).toArray();
            IntStream.range(0, batch).parallel().forEach(i -> encoder.encode(train.image(idx[i]), x, i * 3 * size * size));
            try (NDManager bm = manager.newSubManager()) {
                net.forward(new ParameterStore(bm, false), new NDList(bm.create(x, new Shape(batch, 3, size, size))), true);
            }
        }
    }

    /** At most this many un-augmented training crops give the shift statistics' class means (enough for 256 dimensions). */
    static final int SHIFT_FIT_CROPS = 3000;
    /** The threshold keeps this share of held-out in-lab crops below it. */
    public static final double SHIFT_QUANTILE = 0.99;

    /** Mean and covariance of the style statistics from training crops (un-augmented), the threshold from the validation crops. */
    private static ShiftStatistics fitShift(CellNetwork net, NDManager manager, CropDataset train, CropDataset val, Outputs onVal, InputEncoder encoder) {
        if (val.size() == 0 || onVal.style() == null) {
            return null;
        }
        CropDataset sample = train.size() <= SHIFT_FIT_CROPS ? train : train.subset(new Random(7).ints(0, train.size()).distinct().limit(SHIFT_FIT_CROPS).toArray());
        Outputs onTrain = outputs(net, manager, sample, encoder);
        return ShiftStatistics.fit(onTrain.style(), onVal.style(), SHIFT_QUANTILE, sample.size() + " training crops (mean, covariance), " + val.size()
                + " validation crops (threshold at the " + Math.round(SHIFT_QUANTILE * 100) + "th percentile)");
    }

    /** Reference crops per lab of the colour shift score, and its neighbours: as chosen leaving one lab out (docs/benchmarks.md, issue 18). */
    public static final int COLOUR_PER_LAB = 600;
    public static final int COLOUR_K = 5;

    /**
     * The colour shift score: {@link #colourReference} of {@code train}, the threshold at {@code quantile} of
     * {@code val}'s scores; null when there are too few of either.
     */
    public static org.hemareview.model.ColourShift fitColourShift(CropDataset train, CropDataset val, int k, double quantile) {
        if (val.size() == 0 || train.size() <= k) {
            return null;
        }
        float[][] reference = colourReference(train);
        float[][] heldOut = colourFeatures(val);
        String labs = java.util.stream.IntStream.range(0, train.size()).mapToObj(train::labOf).distinct().sorted()
                .map(l -> l.isEmpty() ? "the training data" : l).collect(java.util.stream.Collectors.joining("+"));
        return org.hemareview.model.ColourShift.fit(reference, heldOut, k, quantile,
                String.format(java.util.Locale.ROOT, "colours of %d crops of %s (at most %d per lab), %d held-out crops (threshold at the %dth percentile), k = %d",
                        reference.length, labs, COLOUR_PER_LAB, heldOut.length, Math.round(quantile * 100), k));
    }

    /** The colour features of up to {@link #COLOUR_PER_LAB} crops of each lab of {@code data}, drawn at random (seed 7). */
    public static float[][] colourReference(CropDataset data) {
        List<Integer> order = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, data.size()).boxed().toList());
        java.util.Collections.shuffle(order, new Random(7));
        java.util.Map<String, Integer> taken = new java.util.HashMap<>();
        List<float[]> reference = new java.util.ArrayList<>();
        for (int i : order) {
            if (taken.merge(data.labOf(i), 1, Integer::sum) <= COLOUR_PER_LAB) {
                reference.add(org.hemareview.model.ColourShift.features(data.image(i), data.imageSize()));
            }
        }
        return reference.toArray(float[][]::new);
    }

    /** The colour features of every crop of {@code data}. */
    public static float[][] colourFeatures(CropDataset data) {
        return data.images().stream().map(b -> org.hemareview.model.ColourShift.features(b, data.imageSize())).toArray(float[][]::new);
    }

    /** Raw class scores, pooled features and style statistics (null where the network has none) of every image, in evaluation mode. */
    public record Outputs(float[][] logits, float[][] features, float[][] style) {
    }

    /** Raw class scores of every image in {@code data}, in evaluation mode, 64 at a time. */
    public static float[][] logits(CellNetwork net, NDManager manager, CropDataset data, InputEncoder encoder) {
        return outputs(net, manager, data, encoder).logits();
    }

    /** Raw class scores and pooled features of every image in {@code data}, in evaluation mode, 64 at a time. */
    public static Outputs outputs(CellNetwork net, NDManager manager, CropDataset data, InputEncoder encoder) {
        int size = encoder.size();
        int k = net.classes();
        float[][] out = new float[data.size()][];
        float[][] features = new float[data.size()][];
        float[][] style = new float[data.size()][];
        boolean hasStyle = true;
        for (int start = 0; start < data.size(); start += 64) {
            int b = Math.min(64, data.size() - start);
            float[] x = new float[b * 3 * size * size];
            final int s0 = start;
            IntStream.range(0, b).parallel().forEach(i -> encoder.encode(data.image(s0 + i), x, i * 3 * size * size));
            try (NDManager bm = manager.newSubManager()) {
                NDList result = net.forward(new ParameterStore(bm, false), new NDList(bm.create(x, new Shape(b, 3, size, size))), false);
                float[] flat = result.get(0).toFloatArray();
                float[] feat = result.get(1).toFloatArray();
                float[] st = result.size() > 2 ? result.get(2).toFloatArray() : null;
                hasStyle &= st != null;
                int d = feat.length / b;
                for (int i = 0; i < b; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
                    features[start + i] = java.util.Arrays.copyOfRange(feat, i * d, (i + 1) * d);
                    if (st != null) {
                        style[start + i] = java.util.Arrays.copyOfRange(st, i * st.length / b, (i + 1) * st.length / b);
                    }
                }
            }
        }
        return new Outputs(out, features, hasStyle ? style : null);
    }

    private static void restore(CellNetwork net, NDManager manager, byte[] weights) {
        try {
            net.loadParameters(manager, new java.io.DataInputStream(new java.io.ByteArrayInputStream(weights)));
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw new IllegalStateException("could not restore the best epoch", e);
        }
    }
}
