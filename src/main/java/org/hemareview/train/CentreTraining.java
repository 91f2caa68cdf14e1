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
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import org.hemareview.model.CentreNet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the cell-centre network on smears with known cell outlines: random square windows,
 * flipped and transposed, sigmoid cross-entropy against the centre map. The weights with the
 * lowest loss on the held-out smears are kept.
 */
public final class CentreTraining {
    private static final Logger logger = LoggerFactory.getLogger(CentreTraining.class);

    /**
     * One smear: input (3, h, w) and target (h, w), see {@code segment.CentreMaps}; {@code source}
     * names its lab or set, and windows are drawn from the sources in the shares {@link Settings} sets.
     */
    public record Sample(float[] input, float[] target, int height, int width, String source) {
    }

    /**
     * @param window        side of the training windows in map pixels (a multiple of 8)
     * @param composedShare the share of windows drawn from the source named {@code composed} (touching cells, which
     *                      real fields rarely show); NaN: every source has an equal share
     * @param zoom          windows are magnified by a random factor between 1 / zoom and zoom (log-uniform), input and
     *                      target alike, so cell size and lobe spacing vary as between labs and scale estimates; 1: none
     */
    public record Settings(int width, int steps, int batch, int window, float learningRate, long seed, double composedShare, double zoom) {
        public Settings(int width, int steps, int batch, int window, float learningRate, long seed) {
            this(width, steps, batch, window, learningRate, seed, Double.NaN, 1);
        }
    }

    public record Result(CentreNet net, double bestValLoss, int bestStep, double seconds) {
    }

    private final Settings s;

    public CentreTraining(Settings settings) {
        if (settings.window() % 8 != 0) {
            throw new IllegalArgumentException("window must be a multiple of 8");
        }
        this.s = settings;
    }

    /**
     * @param progress receives the step number after each step (for progress bars)
     * @return the trained network (its parameters live in {@code manager})
     */
    public Result train(List<Sample> train, List<Sample> val, NDManager manager, IntConsumer progress) {
        long t0 = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) s.seed());
        CentreNet net = new CentreNet(s.width());
        Random rnd = new Random(s.seed());
        int c = s.window();
        // labs in equal shares: 300 small Raabin fields must not outweigh 60 large composed smears, nor the reverse
        List<List<Sample>> bySource = new java.util.ArrayList<>(train.stream()
                .collect(java.util.stream.Collectors.groupingBy(Sample::source, java.util.TreeMap::new, java.util.stream.Collectors.toList())).values());
        int composed = -1;
        for (int i = 0; i < bySource.size(); i++) {
            if ("composed".equals(bySource.get(i).get(0).source())) {
                composed = i;
            }
        }
        try (Model model = Model.newInstance("centre-net")) {
            model.setBlock(net);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(new OneCycle(s.learningRate(), s.steps())).build());
            byte[] best = null;
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestStep = 0;
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(s.batch(), 3, c, c));
                float[] x = new float[s.batch() * 3 * c * c];
                float[] y = new float[s.batch() * c * c];
                double running = 0;
                for (int step = 1; step <= s.steps(); step++) {
                    for (int b = 0; b < s.batch(); b++) {
                        List<Sample> from = source(bySource, composed, rnd);
                        double z = s.zoom() > 1 ? Math.exp((rnd.nextDouble() * 2 - 1) * Math.log(s.zoom())) : 1;
                        window(from.get(rnd.nextInt(from.size())), c, z, rnd, x, b * 3 * c * c, y, b * c * c);
                    }
                    try (NDManager bm = trainer.getManager().newSubManager()) {
                        NDArray input = bm.create(x, new Shape(s.batch(), 3, c, c));
                        NDArray label = bm.create(y, new Shape(s.batch(), 1, c, c));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray out = trainer.forward(new NDList(input)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(label), new NDList(out));
                            gc.backward(loss);
                            running = 0.98 * running + 0.02 * loss.getFloat();
                        }
                        trainer.step();
                    }
                    progress.accept(step);
                    if (step % 100 == 0 || step == s.steps()) {
                        double v = validate(net, trainer.getManager(), val);
                        logger.info("step {}: train loss {} val loss {}", step, running, v);
                        if (v < bestLoss) {
                            bestLoss = v;
                            bestStep = step;
                            best = org.hemareview.model.ModelPackage.weightsOf(net);
                        }
                    }
                }
            }
            if (best != null) {
                net.loadParameters(manager, new java.io.DataInputStream(new java.io.ByteArrayInputStream(best)));
            }
            return new Result(net, bestLoss, bestStep, (System.nanoTime() - t0) / 1e9);
        } catch (java.io.IOException | ai.djl.MalformedModelException e) {
            throw new IllegalStateException("could not keep the best weights", e);
        }
    }

    /** The source of the next window; {@code composed} is the composed smears' index in {@code bySource}, or -1. */
    private List<Sample> source(List<List<Sample>> bySource, int composed, Random rnd) {
        if (Double.isNaN(s.composedShare()) || composed < 0 || bySource.size() == 1) {
            return bySource.get(rnd.nextInt(bySource.size()));
        }
        if (rnd.nextDouble() < s.composedShare()) {
            return bySource.get(composed);
        }
        int k = rnd.nextInt(bySource.size() - 1);
        return bySource.get(k >= composed ? k + 1 : k);
    }

    /** Mean sigmoid cross-entropy over whole held-out smears. */
    private static double validate(CentreNet net, NDManager manager, List<Sample> val) {
        double sum = 0;
        Loss loss = Loss.sigmoidBinaryCrossEntropyLoss();
        for (Sample v : val) {
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(v.input(), new Shape(1, 3, v.height(), v.width()));
                NDArray out = net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                sum += loss.evaluate(new NDList(m.create(v.target(), new Shape(1, 1, v.height(), v.width()))), new NDList(out)).getFloat();
            }
        }
        return sum / Math.max(1, val.size());
    }

    /**
     * A random c x c window of a smear, randomly flipped and transposed, into x / y at the given
     * offsets. Windows may reach a quarter of their side beyond the smear (zeros there, as the
     * network sees past an image's edge): cells cut by the border are then learned too, not only
     * the one window in ~200 that touches it.
     */
    static void window(Sample smp, int c, Random rnd, float[] x, int xo, float[] y, int yo) {
        window(smp, c, 1, rnd, x, xo, y, yo);
    }

    /** As {@link #window(Sample, int, Random, float[], int, float[], int)}, magnified {@code zoom} times (bilinear). */
    static void window(Sample smp, int c, double zoom, Random rnd, float[] x, int xo, float[] y, int yo) {
        int h = smp.height();
        int w = smp.width();
        int span = (int) Math.ceil(c / zoom); // the window's side in the smear
        int over = span / 4;
        int oy = rnd.nextInt(Math.max(0, h - span) + 1 + 2 * over) - over;
        int ox = rnd.nextInt(Math.max(0, w - span) + 1 + 2 * over) - over;
        boolean flipX = rnd.nextBoolean();
        boolean flipY = rnd.nextBoolean();
        boolean transpose = rnd.nextBoolean();
        boolean[] outside = new boolean[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                int sy = transpose ? j : i;
                int sx = transpose ? i : j;
                // the pixel centre's position in the smear, then bilinear between its four neighbours (at zoom 1 the
                // position is a whole pixel and the value that pixel's own)
                double fy = oy + ((flipY ? c - 1 - sy : sy) + 0.5) / zoom - 0.5;
                double fx = ox + ((flipX ? c - 1 - sx : sx) + 0.5) / zoom - 0.5;
                boolean inside = fy >= -0.5 && fx >= -0.5 && fy <= h - 0.5 && fx <= w - 0.5;
                outside[i * c + j] = !inside;
                for (int ch = 0; ch < 3; ch++) {
                    x[xo + ch * c * c + i * c + j] = inside ? bilinear(smp.input(), ch * h * w, h, w, fy, fx) : 0f;
                }
                y[yo + i * c + j] = inside ? bilinear(smp.target(), 0, h, w, fy, fx) : 0f;
            }
        }
        jitter(x, xo, c, rnd);
        for (int i = 0; i < c * c; i++) {
            if (outside[i]) {
                for (int ch = 0; ch < 3; ch++) {
                    x[xo + ch * c * c + i] = 0f; // beyond the smear stays exactly what the network sees there
                }
            }
        }
    }

    private static float bilinear(float[] v, int offset, int h, int w, double fy, double fx) {
        int y0 = (int) Math.floor(fy);
        int x0 = (int) Math.floor(fx);
        double dy = fy - y0;
        double dx = fx - x0;
        int ya = Math.max(0, Math.min(h - 1, y0));
        int yb = Math.max(0, Math.min(h - 1, y0 + 1));
        int xa = Math.max(0, Math.min(w - 1, x0));
        int xb = Math.max(0, Math.min(w - 1, x0 + 1));
        double top = v[offset + ya * w + xa] * (1 - dx) + v[offset + ya * w + xb] * dx;
        double bottom = v[offset + yb * w + xa] * (1 - dx) + v[offset + yb * w + xb] * dx;
        return (float) (top * (1 - dy) + bottom * dy);
    }

    /**
     * Stain, camera and focus vary between labs far more than between smears of one lab: random
     * white balance (per-channel gain 0.75-1.25), stain strength (a power on the transmitted light,
     * which scales every optical density: 0.7-1.4), a shift of the stain's hue (a small random mix of
     * the channels), saturation, contrast and brightness, and sometimes a blur, so the map does not
     * depend on one stain's colours or on crisp edges.
     */
    static void jitter(float[] x, int xo, int c, Random rnd) {
        int plane = c * c;
        float saturation = 0.5f + 0.8f * rnd.nextFloat();
        float contrast = 0.7f + 0.5f * rnd.nextFloat();
        float brightness = (rnd.nextFloat() - 0.5f) * 0.2f;
        float[] gain = {0.75f + 0.5f * rnd.nextFloat(), 0.75f + 0.5f * rnd.nextFloat(), 0.75f + 0.5f * rnd.nextFloat()};
        double power = Math.exp((rnd.nextDouble() * 2 - 1) * Math.log(1.4));
        float[][] mix = new float[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                mix[a][b] = (a == b ? 1f : 0f) + (rnd.nextFloat() - 0.5f) * 0.2f;
            }
        }
        float[] v = new float[3];
        for (int i = 0; i < plane; i++) {
            for (int ch = 0; ch < 3; ch++) {
                double light = Math.max(1e-3, x[xo + ch * plane + i] + 0.5);
                v[ch] = (float) Math.pow(light, power) * gain[ch];
            }
            float grey = (v[0] + v[1] + v[2]) / 3f;
            for (int ch = 0; ch < 3; ch++) {
                float m = mix[ch][0] * v[0] + mix[ch][1] * v[1] + mix[ch][2] * v[2];
                float sat = grey + saturation * (m - grey);
                x[xo + ch * plane + i] = Math.max(-0.5f, Math.min(0.5f, ((sat - 0.5f) * contrast + brightness)));
            }
        }
        int blurs = rnd.nextInt(3); // 0, 1 or 2 passes of a 3x3 box
        float[] tmp = new float[plane];
        for (int b = 0; b < blurs; b++) {
            for (int ch = 0; ch < 3; ch++) {
                int o = xo + ch * plane;
                for (int i = 0; i < c; i++) {
                    for (int j = 0; j < c; j++) {
                        float sum = 0;
                        int n = 0;
                        for (int di = -1; di <= 1; di++) {
                            for (int dj = -1; dj <= 1; dj++) {
                                int ii = i + di;
                                int jj = j + dj;
                                if (ii >= 0 && jj >= 0 && ii < c && jj < c) {
                                    sum += x[o + ii * c + jj];
                                    n++;
                                }
                            }
                        }
                        tmp[i * c + j] = sum / n;
                    }
                }
                System.arraycopy(tmp, 0, x, o, plane);
            }
        }
    }
}
