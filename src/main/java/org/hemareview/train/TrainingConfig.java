package org.hemareview.train;

import org.hemareview.classify.InputEncoder;
import org.hemareview.model.NetworkSpec;

/**
 * Settings of a training run.
 *
 * @param lambda      weight of the class-weighted cross-entropy (paper: 1)
 * @param beta        weight of the center loss (paper: 0.05)
 * @param learningRate peak learning rate of the one-cycle schedule (AdamW)
 * @param neighbours  with the strong augmentation: another training crop's cell pasted beside the crop's own (crowded smears)
 */
public record TrainingConfig(NetworkSpec architecture, InputEncoder.ColourSpace colour, int epochs, int batchSize, float learningRate,
                             float weightDecay, float lambda, float beta, boolean augment, long seed,
                             InputEncoder.ColourNormalisation normalisation, boolean strongAugmentation, boolean neighbours) {
    /** The manifest's training fact that says whether neighbours were pasted. */
    public static final String NEIGHBOURS_KEY = "neighbours";

    /** Without neighbours. */
    public TrainingConfig(NetworkSpec architecture, InputEncoder.ColourSpace colour, int epochs, int batchSize, float learningRate,
                          float weightDecay, float lambda, float beta, boolean augment, long seed,
                          InputEncoder.ColourNormalisation normalisation, boolean strongAugmentation) {
        this(architecture, colour, epochs, batchSize, learningRate, weightDecay, lambda, beta, augment, seed, normalisation, strongAugmentation, false);
    }

    /** The single-lab recipe: no colour normalisation, the paper's augmentation with mild colour jitter. */
    public TrainingConfig(NetworkSpec architecture, InputEncoder.ColourSpace colour, int epochs, int batchSize, float learningRate,
                          float weightDecay, float lambda, float beta, boolean augment, long seed) {
        this(architecture, colour, epochs, batchSize, learningRate, weightDecay, lambda, beta, augment, seed, InputEncoder.ColourNormalisation.NONE, false);
    }

    /** This recipe with the multi-lab robustness choices (each one an ablation of the leave-one-lab-out table). */
    public TrainingConfig withRobustness(InputEncoder.ColourNormalisation n, boolean strong) {
        return new TrainingConfig(architecture, colour, epochs, batchSize, learningRate, weightDecay, lambda, beta, augment, seed, n, strong, neighbours);
    }

    /** This recipe with (or without) neighbours pasted beside the crop's cell; only the strong augmentation uses them. */
    public TrainingConfig withNeighbours(boolean on) {
        return new TrainingConfig(architecture, colour, epochs, batchSize, learningRate, weightDecay, lambda, beta, augment, seed, normalisation,
                strongAugmentation, on);
    }

    public static TrainingConfig defaults(NetworkSpec arch) {
        return new TrainingConfig(arch, InputEncoder.ColourSpace.HSV, 30, 32, 3e-3f, 1e-4f, 1f, 0.05f, true, 1);
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(architecture, colour, n, batchSize, learningRate, weightDecay, lambda, beta, augment, seed, normalisation, strongAugmentation, neighbours);
    }

    /** A retrained model sees its crops as the model it starts from did. */
    public static InputEncoder.ColourNormalisation normalisationOf(org.hemareview.model.Manifest m) {
        return InputEncoder.ColourNormalisation.parse(m.colourNormalisation());
    }

    /**
     * This recipe with the robustness choices a model was trained with (its colour normalisation, the strong augmentation,
     * its neighbours): a retrained or adapted model keeps them, so a lab's few cells do not undo them.
     */
    public TrainingConfig withRecipeOf(org.hemareview.model.Manifest m) {
        boolean neighbours = trainedWithNeighbours(m); // pasted only by the strong augmentation, so it was on too
        return withRobustness(normalisationOf(m), isMultiLab(m) || neighbours).withNeighbours(neighbours);
    }

    /**
     * Whether the model's training pasted neighbours beside its crops' cells: the manifest's training fact says so, or,
     * for models trained before that fact was written, its augmentation's description.
     */
    public static boolean trainedWithNeighbours(org.hemareview.model.Manifest m) {
        if (m.training() == null) {
            return false;
        }
        Object fact = m.training().get(NEIGHBOURS_KEY);
        return fact != null ? Boolean.TRUE.equals(fact)
                : String.valueOf(m.training().get("augmentation")).contains(Augmenter.NEIGHBOUR_DESCRIPTION);
    }

    /** Models trained on several labs keep the strong augmentation when retrained, so a lab's few cells do not undo it. */
    public static boolean isMultiLab(org.hemareview.model.Manifest m) {
        return normalisationOf(m) != InputEncoder.ColourNormalisation.NONE;
    }
}
