package org.hemareview.train;

/** Follows a training run (progress, charts) and may stop it; the best epoch so far is kept. */
public interface TrainingListener {
    default void onBatch(int epoch, int batch, int batches) {
    }

    default void onEpoch(EpochReport report) {
    }

    /** A learning-curve run starts: the {@code index}-th of {@code of}, on {@code cells} cells (progress restarts). */
    default void onCurveRun(int cells, int index, int of) {
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
