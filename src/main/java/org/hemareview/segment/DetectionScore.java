package org.hemareview.segment;

import java.util.List;

/**
 * Detection counts at an IoU threshold, accumulated over images: each true box is matched to the
 * unused prediction that overlaps it most. Unmatched predictions that are flagged {@code edge}
 * are counted apart, because annotators often skip cells cut by the border (BCCD does). True boxes
 * cut by the image border are counted apart too where the image size is given: such a box may hold
 * only a rim of cytoplasm (Raabin's annotators box them), so recall is also given for whole cells.
 */
public final class DetectionScore {
    private final double iouThreshold;
    private int truePositives;
    private int falsePositives;
    private int edgeFalsePositives;
    private int falseNegatives;
    private int cutTruePositives;
    private int cutFalseNegatives;
    private double diceSum;
    private int diceImages;

    public DetectionScore(double iouThreshold) {
        this.iouThreshold = iouThreshold;
    }

    /**
     * A true box no prediction matched: the prediction that overlapped it most (among those still
     * unused when it was matched), if any, and that overlap.
     */
    public record Miss(int[] truth, double bestIou, java.util.Optional<int[]> nearest) {
    }

    /** A true box this close to the image border (px) is a cell cut by it. */
    static final int BORDER_PX = 2;

    /** Adds one image: true boxes and predicted cells ([x, y, w, h] boxes); returns its misses. */
    public List<Miss> add(List<int[]> truth, List<int[]> predicted, List<Boolean> predictedEdge) {
        return add(truth, predicted, predictedEdge, 0, 0);
    }

    /**
     * As {@link #add(List, List, List)} for an image of {@code width} x {@code height}, whose true boxes
     * that reach its border are also counted as cut cells (0 x 0: the size is not known, none are).
     */
    public List<Miss> add(List<int[]> truth, List<int[]> predicted, List<Boolean> predictedEdge, int width, int height) {
        List<Miss> misses = new java.util.ArrayList<>();
        boolean[] used = new boolean[predicted.size()];
        for (int[] t : truth) {
            int best = -1;
            double bestIou = -1;
            for (int i = 0; i < predicted.size(); i++) {
                if (!used[i]) {
                    double v = iou(t, predicted.get(i));
                    if (v > bestIou) {
                        bestIou = v;
                        best = i;
                    }
                }
            }
            boolean cut = width > 0 && cutByBorder(t, width, height);
            if (bestIou >= iouThreshold) {
                used[best] = true;
                truePositives++;
                cutTruePositives += cut ? 1 : 0;
            } else {
                falseNegatives++;
                cutFalseNegatives += cut ? 1 : 0;
                misses.add(new Miss(t, Math.max(0, bestIou), best < 0 ? java.util.Optional.empty() : java.util.Optional.of(predicted.get(best))));
            }
        }
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                if (predictedEdge.get(i)) {
                    edgeFalsePositives++;
                } else {
                    falsePositives++;
                }
            }
        }
        return misses;
    }

    private static boolean cutByBorder(int[] b, int width, int height) {
        return b[0] <= BORDER_PX || b[1] <= BORDER_PX || b[0] + b[2] >= width - BORDER_PX || b[1] + b[3] >= height - BORDER_PX;
    }

    /** Adds one image's nucleus Dice (2|P∩T| / (|P|+|T|)). */
    public void addDice(double dice) {
        diceSum += dice;
        diceImages++;
    }

    public static double iou(int[] a, int[] b) {
        double ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
        double iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
        double inter = ix * iy;
        double union = (double) a[2] * a[3] + (double) b[2] * b[3] - inter;
        return union <= 0 ? 0 : inter / union;
    }

    public int truePositives() {
        return truePositives;
    }

    public int falsePositives() {
        return falsePositives;
    }

    public int edgeFalsePositives() {
        return edgeFalsePositives;
    }

    public int falseNegatives() {
        return falseNegatives;
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    /** True boxes cut by the image border (of images whose size was given). */
    public int cutTruth() {
        return cutTruePositives + cutFalseNegatives;
    }

    /** Recall over the true boxes that do not reach the image border: whole cells. */
    public double recallOfWholeCells() {
        return ratio(truePositives - cutTruePositives, truePositives - cutTruePositives + falseNegatives - cutFalseNegatives);
    }

    /** Every unmatched prediction counts against precision. */
    public double precision() {
        return ratio(truePositives, truePositives + falsePositives + edgeFalsePositives);
    }

    /** Unmatched predictions flagged edge do not count (unannotated border cells). */
    public double precisionExcludingEdge() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double meanDice() {
        return diceImages == 0 ? Double.NaN : diceSum / diceImages;
    }

    public int diceImages() {
        return diceImages;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}
