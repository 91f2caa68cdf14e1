package org.hemareview.train;

import java.util.List;

/** The outcome of a run: the best epoch's parameters and scores, the history, and the calibration. */
public record TrainingResult(byte[] bestWeights, int bestEpoch, Evaluation bestEvaluation, List<EpochReport> history, double seconds,
                             double temperature, boolean stoppedEarly, long parameters) {
}
