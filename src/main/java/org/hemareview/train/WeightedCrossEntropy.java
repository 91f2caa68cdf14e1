package org.hemareview.train;

import ai.djl.ndarray.NDArray;

/**
 * The paper's "w-softmax": softmax cross-entropy with each class's term weighted so that smaller
 * classes count more: w_c = N / (K * n_c) from the training set's class counts, normalised by
 * the batch's total weight.
 */
public final class WeightedCrossEntropy {
    private final float[] weights;

    public WeightedCrossEntropy(int[] classCounts) {
        this.weights = weightsFor(classCounts);
    }

    public static float[] weightsFor(int[] counts) {
        long n = 0;
        int k = 0;
        for (int c : counts) {
            n += c;
            k += c > 0 ? 1 : 0;
        }
        float[] w = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            w[i] = counts[i] == 0 ? 0f : (float) (n / (double) (k * counts[i]));
        }
        return w;
    }

    public float[] weights() {
        return weights.clone();
    }

    public NDArray loss(NDArray logits, int[] labels) {
        float[] w = new float[labels.length];
        float total = 0;
        for (int i = 0; i < labels.length; i++) {
            w[i] = weights[labels[i]];
            total += w[i];
        }
        NDArray logp = logits.logSoftmax(1);
        NDArray y = logits.getManager().create(labels).toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(labels.length, 1);
        NDArray picked = logp.gather(y, 1).reshape(labels.length);
        NDArray weighted = picked.mul(logits.getManager().create(w));
        return weighted.sum().neg().div(total);
    }
}
