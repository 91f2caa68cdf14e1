package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossTest {
    @Test
    void classWeightsFavourSmallerClasses() {
        // N = 100, K = 2: w = 100 / (2 * n)
        assertArrayEquals(new float[] {100 / 160f, 100 / 40f}, WeightedCrossEntropy.weightsFor(new int[] {80, 20}), 1e-6f);
    }

    @Test
    void weightedCrossEntropyAgainstAHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            WeightedCrossEntropy wce = new WeightedCrossEntropy(new int[] {80, 20}); // weights 0.625, 2.5
            // logits row 0: [2, 0] label 0; row 1: [0, 1] label 1
            float l0 = (float) -Math.log(Math.exp(2) / (Math.exp(2) + 1));
            float l1 = (float) -Math.log(Math.exp(1) / (1 + Math.exp(1)));
            float expected = (0.625f * l0 + 2.5f * l1) / (0.625f + 2.5f);
            float got = wce.loss(m.create(new float[] {2, 0, 0, 1}, new Shape(2, 2)), new int[] {0, 1}).getFloat();
            assertEquals(expected, got, 1e-6f);
        }
    }

    @Test
    void centerLossAndItsUpdateRule() {
        try (NDManager m = NDManager.newBaseManager(); CenterLoss center = new CenterLoss(m, 2, 2, 0.5f)) {
            // centres start at 0: loss = 0.5 * mean ||f||^2 = 0.5 * (1 + 4 + 9 + 16... ) / 2
            float[] f = {1, 2, 3, 4};
            float loss = center.loss(m.create(f, new Shape(2, 2)), new int[] {0, 0}).getFloat();
            assertEquals((1 + 4 + 9 + 16) / 2f / 2f, loss, 1e-6f);
            center.update(f, new int[] {0, 0});
            // c0 -= 0.5 * sum(c0 - f_i) / (1 + 2) = 0.5 * (f1 + f2) / 3
            assertArrayEquals(new float[] {0.5f * 4 / 3, 0.5f * 6 / 3}, center.centre(0), 1e-6f);
            assertArrayEquals(new float[] {0, 0}, center.centre(1), 0f);
        }
    }
}
