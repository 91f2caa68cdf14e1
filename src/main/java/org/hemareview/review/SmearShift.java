package org.hemareview.review;

import java.util.Collection;
import java.util.Locale;

/**
 * Whether a smear as a whole looks unlike the model's training data: its cells' median shift score
 * above the model's threshold. The median, not any one cell: a few odd crops (a cell at the edge,
 * a smudge) on a familiar smear say nothing about the stain, while a lab's other stain or camera
 * moves every cell.
 *
 * @param scored cells with a shift score
 * @param unlike of those, the cells above the threshold
 * @param median the median score (NaN when none was scored)
 */
public record SmearShift(int scored, int unlike, double median, double threshold) {
    public static final String BANNER = "This smear looks unlike the model's training data: check every cell.";

    public static SmearShift of(Collection<StoredPrediction> predictions) {
        double[] s = predictions.stream().filter(p -> p.shift() != null && p.shiftThreshold() != null).mapToDouble(StoredPrediction::shift).sorted().toArray();
        double threshold = predictions.stream().filter(p -> p.shiftThreshold() != null).mapToDouble(StoredPrediction::shiftThreshold).findFirst().orElse(Double.NaN);
        int unlike = (int) predictions.stream().filter(StoredPrediction::unlikeTraining).count();
        double median = s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return new SmearShift(s.length, unlike, median, threshold);
    }

    /** True when the smear should carry the banner. */
    public boolean isUnlike() {
        return scored > 0 && median > threshold;
    }

    /** One line for a status bar or a report. */
    public String text() {
        if (scored == 0) {
            return "no shift score (the model has none)";
        }
        return String.format(Locale.ROOT, "%d of %d cells unlike the training data (median score %.2f, threshold %.2f)", unlike, scored, median, threshold);
    }
}
