package org.hemareview.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How unlike the model's training data a crop looks: the Mahalanobis distance of the crop's
 * {@linkplain CellNetwork#style style statistics} (each stem channel's mean and spread over the
 * crop: stain, lamp, focus as the network's first layer sees them) from those of the training
 * labs' crops, with one shared covariance shrunk towards its mean variance (Ledoit-Wolf style,
 * weight {@link #SHRINKAGE}, chosen on the leave-one-lab-out table). Chosen over the distance of the pooled features to the nearest class
 * mean, an energy score and the softmax confidence on the leave-one-lab-out table
 * (docs/benchmarks.md, issue 18): a lab's stain and camera show first in the stem, while a
 * confidently wrong call on another lab looks like any other in the softmax. The score is the
 * squared distance over the dimensions (about 1 for a typical training crop); {@code threshold} is
 * the {@code quantile} of the training labs' held-out crops, so that share of in-lab cells is
 * flagged by chance.
 *
 * @param mean      the training crops' mean style vector
 * @param precision the inverse of their shrunk covariance
 * @param threshold a cell scoring above is "unlike the training data"
 * @param quantile  the share of held-out in-lab crops at or below the threshold
 * @param fittedOn  which crops the statistics and the threshold came from (for the model card)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShiftStatistics(float[] mean, float[][] precision, double threshold, double quantile, @JsonProperty("fitted_on") String fittedOn) {
    /** Weight of the mean variance in the shrunk covariance: keeps 48 dimensions well conditioned on a few hundred crops. */
    public static final double SHRINKAGE = 0.01;

    public ShiftStatistics {
        if (mean == null || mean.length == 0 || precision == null || precision.length != mean.length
                || java.util.Arrays.stream(precision).anyMatch(r -> r.length != mean.length)) {
            throw new IllegalArgumentException("shift statistics need a mean and a square precision matrix of its length");
        }
    }

    /** The score of one crop's style vector (lower: more like the training data). */
    public double score(float[] style) {
        int d = mean.length;
        if (style.length != d) {
            throw new IllegalArgumentException("the style vector has " + style.length + " dimensions, the statistics " + d);
        }
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = style[j] - mean[j];
        }
        double s = 0;
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += precision[i][j] * x[j];
            }
            s += x[i] * row;
        }
        return s / d;
    }

    public boolean isUnlike(double score) {
        return score > threshold;
    }

    /**
     * Fits mean and shrunk covariance to the training crops' style vectors and the threshold to
     * the {@code quantile} of {@code heldOut}'s scores (the training crops' own when none are held out).
     */
    public static ShiftStatistics fit(float[][] styles, float[][] heldOut, double quantile, String fittedOn) {
        if (styles.length < 2) {
            throw new IllegalArgumentException("at least two crops are needed to fit the shift statistics");
        }
        int d = styles[0].length;
        double[] mu = new double[d];
        for (float[] s : styles) {
            for (int j = 0; j < d; j++) {
                mu[j] += s[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= styles.length;
        }
        double[][] cov = new double[d][d];
        for (float[] s : styles) {
            for (int i = 0; i < d; i++) {
                double di = s[i] - mu[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += di * (s[j] - mu[j]);
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= styles.length - 1;
                cov[j][i] = cov[i][j];
            }
            trace += cov[i][i];
        }
        double floor = Math.max(1e-12, trace / d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                cov[i][j] = (1 - SHRINKAGE) * cov[i][j] + (i == j ? SHRINKAGE * floor : 0);
            }
        }
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) mu[j];
        }
        ShiftStatistics open = new ShiftStatistics(mean, inverse(cov), Double.POSITIVE_INFINITY, quantile, fittedOn);
        float[][] reference = heldOut.length > 0 ? heldOut : styles;
        double[] scores = java.util.Arrays.stream(reference).mapToDouble(open::score).sorted().toArray();
        double threshold = scores[(int) Math.min(scores.length - 1, Math.floor(quantile * (scores.length - 1)))];
        return new ShiftStatistics(mean, open.precision(), threshold, quantile, fittedOn);
    }

    /** Gauss-Jordan with partial pivoting; the shrunk covariance is positive definite. */
    static float[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double pivot = m[c][c];
            if (Math.abs(pivot) < 1e-300) {
                throw new IllegalArgumentException("the covariance is singular");
            }
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= pivot;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        float[][] out = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = (float) m[i][n + j];
            }
        }
        return out;
    }
}
