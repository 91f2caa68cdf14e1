package org.hemareview.train;

/** What one epoch did: training loss and accuracy, validation scores, time. */
public record EpochReport(int epoch, int epochs, double trainLoss, double trainAccuracy, double valAccuracy, double valMacroF1,
                          double valLoss, double seconds, boolean best) {
}
