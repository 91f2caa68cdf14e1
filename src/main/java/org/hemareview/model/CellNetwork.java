package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.function.Function;

/**
 * What the classifier, training and Grad-CAM need of a cell network: forward gives
 * {@code (logits, pooled features)} and, where the network has them, a third array, the
 * {@linkplain #style style statistics} of its stem (what {@link ShiftStatistics} measures); {@link #split} separates the map Grad-CAM explains from the
 * rest, so the map can be a leaf of the gradient computation.
 */
public interface CellNetwork extends Block {
    /**
     * The per-channel mean and standard deviation over the image of each map (N, C, H, W), side by
     * side (N, 2 x sum of C): what batch norm normalises, and what differs first between labs (stain,
     * lamp, focus) while the cell's class changes the pooled features.
     */
    static ai.djl.ndarray.NDArray style(ai.djl.ndarray.NDArray... maps) {
        ai.djl.ndarray.NDList parts = new ai.djl.ndarray.NDList();
        for (ai.djl.ndarray.NDArray m : maps) {
            ai.djl.ndarray.NDArray mean = m.mean(new int[] {3}).mean(new int[] {2});
            ai.djl.ndarray.NDArray sq = m.square().mean(new int[] {3}).mean(new int[] {2});
            parts.add(mean);
            parts.add(sq.sub(mean.square()).maximum(0).add(1e-6).sqrt());
        }
        return ai.djl.ndarray.NDArrays.concat(parts, 1);
    }

    NetworkSpec spec();

    int classes();

    /** The explained map, and the function from it to {@code (logits, features)}; anything else the head needs is computed here. */
    Split split(ParameterStore ps, NDArray input, boolean training);

    /** What the map is, for the explanation panel. */
    String mapDescription();

    /**
     * A finer map, {@code stagesBack} stages before the last (each stage back doubles the resolution), with the
     * rest of the network as its head; empty where the network has no such stage. Grad-CAM on it trades the
     * last stage's semantics for resolution. Zero is {@link #split}.
     */
    default java.util.Optional<Split> splitBack(ParameterStore ps, NDArray input, boolean training, int stagesBack) {
        return stagesBack == 0 ? java.util.Optional.of(split(ps, input, training)) : java.util.Optional.empty();
    }

    /** What the map of {@link #splitBack} is, for the explanation panel; empty where there is none. */
    default java.util.Optional<String> mapDescription(int stagesBack) {
        return stagesBack == 0 ? java.util.Optional.of(mapDescription()) : java.util.Optional.empty();
    }

    /** Whether training should re-estimate batch-norm statistics before validating. */
    default boolean usesBatchNorm() {
        return true;
    }

    record Split(NDArray map, Function<NDArray, NDList> head) {
    }
}
