package org.hemareview.train;

import java.util.List;

/**
 * The outcome of a run: the best epoch's parameters and scores, the history, the calibration and
 * the shift statistics of its features (null when the run had no validation crops to fit them on).
 */
public record TrainingResult(byte[] bestWeights, int bestEpoch, Evaluation bestEvaluation, List<EpochReport> history, double seconds,
                             double temperature, boolean stoppedEarly, long parameters, org.hemareview.model.ShiftStatistics shift,
                             org.hemareview.model.ColourShift colourShift) {
}
