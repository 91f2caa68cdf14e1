package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.hemareview.TestFiles;
import org.hemareview.classify.InputEncoder;
import org.hemareview.train.CropDataset;
import org.junit.jupiter.api.Test;

class DualPathNetTest {
    @Test
    void relativePositionIndexMatchesAHandComputedTable() {
        // window 2: tokens (0,0) (0,1) (1,0) (1,1); index = (dy + 1) * 3 + (dx + 1)
        int[][] expected = {{4, 3, 1, 0}, {5, 4, 2, 1}, {7, 6, 4, 3}, {8, 7, 5, 4}};
        assertArrayEquals(expected, SwinWindows.relativePositionIndex(2));
        int[][] seven = SwinWindows.relativePositionIndex(7);
        assertEquals(84, seven[0][0], "zero offset sits in the middle of the 13x13 table");
        assertEquals(168, seven[48][0], "(6,6) relative to (0,0): the last row of the table");
        assertEquals(0, seven[0][48]);
    }

    @Test
    void shiftedWindowMaskSeparatesRegionsAsWorkedOutByHand() {
        // 4x4 map, window 2, shift 1: regions (rows | cols split at 2 and 3)
        //   0 0 1 2
        //   0 0 1 2
        //   3 3 4 5
        //   6 6 7 8
        float[][][] m = SwinWindows.shiftedWindowMask(4, 4, 2, 1);
        assertEquals(4, m.length);
        float x = SwinWindows.MASKED;
        assertArrayEquals(new float[][] {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}, m[0], "window 0: one region");
        assertArrayEquals(new float[][] {{0, x, 0, x}, {x, 0, x, 0}, {0, x, 0, x}, {x, 0, x, 0}}, m[1], "window 1: regions 1 | 2 by column");
        assertArrayEquals(new float[][] {{0, 0, x, x}, {0, 0, x, x}, {x, x, 0, 0}, {x, x, 0, 0}}, m[2], "window 2: regions 3 / 6 by row");
        assertArrayEquals(new float[][] {{0, x, x, x}, {x, 0, x, x}, {x, x, 0, x}, {x, x, x, 0}}, m[3], "window 3: four regions");
    }

    @Test
    void tokensOnlyAttendWithinTheirWindowAndTheShiftMaskHoldsInTheBlock() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(mgr, false);
            for (boolean shifted : new boolean[] {false, true}) {
                SwinBlock block = new SwinBlock(8, 2, 2, shifted);
                block.initialize(mgr, DataType.FLOAT32, new Shape(1, 4, 4, 8));
                NDArray x = mgr.randomNormal(new Shape(1, 4, 4, 8));
                NDArray y = block.forward(ps, new NDList(x), false).singletonOrThrow();
                NDArray x2 = x.duplicate();
                x2.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0, :"), mgr.randomNormal(new Shape(8)));
                NDArray changed = block.forward(ps, new NDList(x2), false).singletonOrThrow().sub(y).abs().sum(new int[] {3}).get(0);
                float[] d = changed.toFloatArray(); // 4x4, row-major
                // unshifted: token (0,0) shares a window with (0,1) (1,0) (1,1) only.
                // shifted by 1: after the roll (0,0) shares a window with (0,3) (3,0) (3,3), all other regions: masked.
                for (int i = 0; i < 16; i++) {
                    boolean self = i == 0;
                    boolean sameWindow = !shifted && (i == 1 || i == 4 || i == 5);
                    if (self || sameWindow) {
                        assertTrue(d[i] > 1e-4, (shifted ? "shifted" : "plain") + ": token " + i + " should see the change");
                    } else {
                        assertEquals(0f, d[i], 1e-5f, (shifted ? "shifted" : "plain") + ": token " + i + " must not attend to token 0");
                    }
                }
            }
        }
    }

    @Test
    void shapesThroughEveryBlockAndBothFusions() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(mgr, false);
            ConvNeXtBlock c = new ConvNeXtBlock(16);
            c.initialize(mgr, DataType.FLOAT32, new Shape(2, 16, 12, 12));
            assertEquals(new Shape(2, 16, 12, 12), c.forward(ps, new NDList(mgr.ones(new Shape(2, 16, 12, 12))), false).singletonOrThrow().getShape());
            PatchMerging pm = new PatchMerging(16);
            pm.initialize(mgr, DataType.FLOAT32, new Shape(2, 12, 12, 16));
            assertEquals(new Shape(2, 6, 6, 32), pm.forward(ps, new NDList(mgr.ones(new Shape(2, 12, 12, 16))), false).singletonOrThrow().getShape());

            for (boolean attention : new boolean[] {true, false}) {
                DualPathSpec spec = DualPathSpec.slim().withFusion(attention);
                DualPathNet net = new DualPathNet(spec, 8);
                net.initialize(mgr, DataType.FLOAT32, new Shape(2, 3, 96, 96));
                NDArray in = mgr.randomUniform(0, 1, new Shape(2, 3, 96, 96));
                assertEquals(new Shape(2, 128, 6, 6), net.convMap(ps, in, false).getShape(), "ConvNeXt path: 96 / 4 / 2 / 2");
                assertEquals(new Shape(2, 128), net.swinFeatures(ps, in, false).getShape(), "Swin path: 24x24 tokens -> 6x6, 128 channels");
                NDList out = net.forward(ps, new NDList(in), false);
                assertEquals(new Shape(2, 8), out.get(0).getShape());
                assertEquals(new Shape(2, 256), out.get(1).getShape());
                long params = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
                assertTrue(params > 300_000 && params < 3_000_000, "slim is CPU-sized: " + params);
            }
        }
    }

    @Test
    void theBaseSizeBuildsWithThePapersWidths() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            DualPathNet net = new DualPathNet(DualPathSpec.base(), 8);
            net.initialize(mgr, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            ParameterStore ps = new ParameterStore(mgr, false);
            NDArray in = mgr.randomUniform(0, 1, new Shape(1, 3, 224, 224));
            assertEquals(new Shape(1, 768, 7, 7), net.convMap(ps, in, false).getShape());
            assertEquals(new Shape(1, 8), net.forward(ps, new NDList(in), false).get(0).getShape());
            long params = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertTrue(params > 50_000_000, "ConvNeXt-T + Swin-T: ~28 M each; got " + params);
        }
    }

    @Test
    void saveAndLoadAreBitIdentical() throws Exception {
        try (NDManager mgr = NDManager.newBaseManager()) {
            DualPathNet a = new DualPathNet(DualPathSpec.slim(), 8);
            a.initialize(mgr, DataType.FLOAT32, new Shape(1, 3, 96, 96));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));
            DualPathNet b = new DualPathNet(DualPathSpec.slim(), 8);
            b.initialize(mgr, DataType.FLOAT32, new Shape(1, 3, 96, 96));
            b.loadParameters(mgr, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            b.saveParameters(new DataOutputStream(again));
            assertArrayEquals(bytes.toByteArray(), again.toByteArray());
            ParameterStore ps = new ParameterStore(mgr, false);
            NDArray in = mgr.randomUniform(0, 1, new Shape(2, 3, 96, 96));
            assertArrayEquals(a.forward(ps, new NDList(in), false).get(0).toFloatArray(), b.forward(ps, new NDList(in), false).get(0).toFloatArray());
        }
    }

    @Test
    void aFewTrainingStepsOnRealPbcCropsLowerTheLoss() throws Exception {
        CropDataset data = CropDataset.load(TestFiles.samples().resolve("pbc-cells"), null, 96); // 16 real crops, 8 classes
        InputEncoder enc = new InputEncoder(96, InputEncoder.ColourSpace.HSV);
        float[] x = new float[data.size() * 3 * 96 * 96];
        for (int i = 0; i < data.size(); i++) {
            enc.encode(data.image(i), x, i * 3 * 96 * 96);
        }
        float[] y = new float[data.size()];
        for (int i = 0; i < data.size(); i++) {
            y[i] = data.label(i);
        }
        ai.djl.engine.Engine.getInstance().setRandomSeed(7); // the same initialisation every run
        try (Model model = Model.newInstance("dualpath")) {
            model.setBlock(new DualPathNet(DualPathSpec.slim(), 8));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(16, 3, 96, 96));
                NDManager m = trainer.getManager();
                NDArray input = m.create(x, new Shape(16, 3, 96, 96));
                NDArray labels = m.create(y);
                float first = 0;
                float last = 0;
                for (int step = 0; step < 12; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(input)).get(0);
                        NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits));
                        gc.backward(loss);
                        last = loss.getFloat();
                        if (step == 0) {
                            first = last;
                        }
                    }
                    trainer.step();
                }
                assertTrue(last < first * 0.85, "loss " + first + " -> " + last + " after 12 steps");
            }
        }
    }
}
