package org.hemareview.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores of a classifier on labelled data: accuracy, macro precision/recall/F1, per class
 * precision, recall, F1, specificity and one-vs-rest AUROC, and the confusion matrix
 * ({@code confusion[true][predicted]}).
 */
public record Evaluation(List<String> classes, int[][] confusion, double accuracy, double macroPrecision, double macroRecall,
                         double macroF1, double macroAuroc, List<ClassMetrics> perClass) {

    /** From true labels and predicted probabilities (rows sum to 1, columns in class order). */
    public static Evaluation of(List<String> classes, int[] truth, float[][] probabilities) {
        int k = classes.size();
        int[][] cm = new int[k][k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            int p = argmax(probabilities[i]);
            cm[truth[i]][p]++;
            correct += p == truth[i] ? 1 : 0;
        }
        List<ClassMetrics> per = new ArrayList<>();
        double sp = 0;
        double sr = 0;
        double sf = 0;
        double sa = 0;
        int n = truth.length;
        for (int c = 0; c < k; c++) {
            int tp = cm[c][c];
            int fn = Arrays.stream(cm[c]).sum() - tp;
            int fp = 0;
            for (int r = 0; r < k; r++) {
                fp += r == c ? 0 : cm[r][c];
            }
            int tn = n - tp - fn - fp;
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            double specificity = tn + fp == 0 ? 0 : tn / (double) (tn + fp);
            double[] scores = new double[n];
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                scores[i] = probabilities[i][c];
                positive[i] = truth[i] == c;
            }
            double auroc = auroc(scores, positive);
            per.add(new ClassMetrics(classes.get(c), tp + fn, precision, recall, f1, specificity, auroc));
            sp += precision;
            sr += recall;
            sf += f1;
            sa += Double.isNaN(auroc) ? 0 : auroc;
        }
        return new Evaluation(List.copyOf(classes), cm, n == 0 ? 0 : correct / (double) n, sp / k, sr / k, sf / k, sa / k, per);
    }

    /**
     * The ROC curve of a one-vs-rest score: (false-positive rate, true-positive rate) points from
     * (0, 0) to (1, 1), one per distinct threshold (tied scores move both rates at once).
     */
    public static List<double[]> roc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long pos = 0;
        for (boolean p : positive) {
            pos += p ? 1 : 0;
        }
        long neg = n - pos;
        List<double[]> out = new java.util.ArrayList<>();
        out.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                if (positive[order[j]]) {
                    tp++;
                } else {
                    fp++;
                }
                j++;
            }
            out.add(new double[] {neg == 0 ? 0 : fp / (double) neg, pos == 0 ? 0 : tp / (double) pos});
            i = j;
        }
        return out;
    }

    /** One-vs-rest ROC curve of class {@code k} from true labels and probabilities. */
    public static List<double[]> roc(int k, int[] truth, float[][] probabilities) {
        double[] scores = new double[truth.length];
        boolean[] positive = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            scores[i] = probabilities[i][k];
            positive[i] = truth[i] == k;
        }
        return roc(scores, positive);
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random
     * negative (ties count half), computed from ranks. NaN when either side is empty.
     */
    public static double auroc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                rank[order[t]] = avg;
            }
            i = j + 1;
        }
        long pos = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                pos++;
                sum += rank[i];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (sum - pos * (pos + 1) / 2.0) / (pos * (double) neg);
    }

    /**
     * Expected calibration error (Guo et al. 2017): the top-class confidence against the share of
     * right calls, in {@code bins} equal-width confidence bins, weighted by each bin's count.
     */
    public static double expectedCalibrationError(float[][] probabilities, int[] truth, int bins) {
        double[] conf = new double[bins];
        int[] right = new int[bins];
        int[] count = new int[bins];
        for (int i = 0; i < truth.length; i++) {
            int p = argmax(probabilities[i]);
            double c = probabilities[i][p];
            int b = Math.min(bins - 1, (int) (c * bins));
            conf[b] += c;
            right[b] += p == truth[i] ? 1 : 0;
            count[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(conf[b] / count[b] - right[b] / (double) count[b]) * count[b];
            }
        }
        return truth.length == 0 ? 0 : ece / truth.length;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
