package org.hemareview.train;

/** Follows a training run (progress, charts) and may stop it; the best epoch so far is kept. */
public interface TrainingListener {
    default void onBatch(int epoch, int batch, int batches) {
    }

    default void onEpoch(EpochReport report) {
    }

    /** Checked between batches: true ends the run, keeping the best epoch so far. */
    default boolean stopRequested() {
        return false;
    }

    /** Checked after training: true throws the result away (e.g. the window was closed), nothing is registered. */
    default boolean discardRequested() {
        return false;
    }
}
