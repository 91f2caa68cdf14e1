package org.hemareview.segment;

/**
 * A learned map of white-cell centres (see {@code model.CentreNet}): the segmenter asks it where
 * cells are when the nucleus stain alone cannot tell two touching cells from one. Kept to plain
 * arrays so that segmentation never depends on the deep-learning engine.
 */
@FunctionalInterface
public interface CellCentreModel {
    /**
     * @param rgb    (3, height, width) floats, see {@link CentreMaps#input}
     * @return height x width centre probabilities in [0, 1]
     */
    float[] predict(float[] rgb, int height, int width);

    /**
     * Where the segmenter runs this model's predictions, beside its own work on the nuclei (which
     * needs no map): by default the common pool.
     */
    default java.util.concurrent.Executor executor() {
        return java.util.concurrent.ForkJoinPool.commonPool();
    }
}
