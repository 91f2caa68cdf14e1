package org.hemareview.train;

import org.hemareview.classify.InputEncoder;
import org.hemareview.model.NetworkSpec;

/**
 * Settings of a training run.
 *
 * @param lambda      weight of the class-weighted cross-entropy (paper: 1)
 * @param beta        weight of the center loss (paper: 0.05)
 * @param learningRate peak learning rate of the one-cycle schedule (AdamW)
 */
public record TrainingConfig(NetworkSpec architecture, InputEncoder.ColourSpace colour, int epochs, int batchSize, float learningRate,
                             float weightDecay, float lambda, float beta, boolean augment, long seed) {
    public static TrainingConfig defaults(NetworkSpec arch) {
        return new TrainingConfig(arch, InputEncoder.ColourSpace.HSV, 30, 32, 3e-3f, 1e-4f, 1f, 0.05f, true, 1);
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(architecture, colour, n, batchSize, learningRate, weightDecay, lambda, beta, augment, seed);
    }
}
