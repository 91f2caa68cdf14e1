package org.hemareview.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Center loss (Wen et al. 2016): half the mean squared distance of each pooled feature vector to
 * its class centre. Gradients flow into the features only; the centres move by the paper's own
 * rule after each mini-batch, c_j -= alpha * sum_i(c_j - f_i) / (1 + n_j), not by the optimiser.
 */
public final class CenterLoss implements AutoCloseable {
    private final NDManager manager;
    private final float[][] centres;
    private final float alpha;

    public CenterLoss(NDManager parent, int classes, int dimension, float alpha) {
        this.manager = parent.newSubManager();
        this.centres = new float[classes][dimension];
        this.alpha = alpha;
    }

    /** The loss for a batch: 0.5 * mean_i ||f_i - c_{y_i}||². */
    public NDArray loss(NDArray features, int[] labels) {
        int d = centres[0].length;
        float[] gathered = new float[labels.length * d];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(centres[labels[i]], 0, gathered, i * d, d);
        }
        NDArray c = features.getManager().create(gathered, new Shape(labels.length, d));
        return features.sub(c).square().sum().div(2f * labels.length);
    }

    /** Moves the centres towards this batch's features (call after the optimiser step). */
    public void update(float[] features, int[] labels) {
        int d = centres[0].length;
        float[][] delta = new float[centres.length][d];
        int[] count = new int[centres.length];
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            count[y]++;
            for (int j = 0; j < d; j++) {
                delta[y][j] += centres[y][j] - features[i * d + j];
            }
        }
        for (int y = 0; y < centres.length; y++) {
            if (count[y] > 0) {
                for (int j = 0; j < d; j++) {
                    centres[y][j] -= alpha * delta[y][j] / (1 + count[y]);
                }
            }
        }
    }

    float[] centre(int c) {
        return centres[c].clone();
    }

    @Override
    public void close() {
        manager.close();
    }
}
