package org.hemareview.classify;

/**
 * Softmax with a temperature, and temperature scaling (Guo et al. 2017): the single T that
 * minimises the negative log-likelihood of held-out labels, found by golden-section search on
 * log T in [0.25, 8]. Dividing logits by T changes confidence, never the predicted class.
 */
public final class Calibration {
    private Calibration() {
    }

    public static float[][] softmax(float[][] logits, double temperature) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = softmax(logits[i], temperature);
        }
        return out;
    }

    public static float[] softmax(float[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            e[c] = Math.exp(z[c] / temperature - max);
            sum += e[c];
        }
        float[] p = new float[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = (float) (e[c] / sum);
        }
        return p;
    }

    /** Mean negative log-likelihood of the labels at temperature T. */
    public static double nll(float[][] logits, int[] labels, double temperature) {
        double s = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits[i]) {
                max = Math.max(max, v / temperature);
            }
            double sum = 0;
            for (float v : logits[i]) {
                sum += Math.exp(v / temperature - max);
            }
            s += -(logits[i][labels[i]] / temperature - max - Math.log(sum));
        }
        return logits.length == 0 ? 0 : s / logits.length;
    }

    public static double fitTemperature(float[][] logits, int[] labels) {
        double lo = Math.log(0.25);
        double hi = Math.log(8);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(logits, labels, Math.exp(a));
        double fb = nll(logits, labels, Math.exp(b));
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(logits, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }
}
