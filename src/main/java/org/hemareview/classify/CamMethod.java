package org.hemareview.classify;

/**
 * How a class-activation map combines the last convolutional map A (channels x h x w) with the
 * gradient G of the class score with respect to it. Each needs one backward pass.
 * <ul>
 * <li>Grad-CAM (Selvaraju et al. 2017): channel weights are G's spatial means; ReLU(sum_k w_k A_k).</li>
 * <li>Grad-CAM++ (Chattopadhay et al. 2018): weights sum ReLU(G) with per-pixel coefficients
 * alpha = G^2 / (2 G^2 + sum(A) G^3), which keeps several small regions of evidence apart.</li>
 * <li>HiResCAM (Draelos and Carin 2020): ReLU(sum_k G_k * A_k) element-wise; for a network that ends
 * in global pooling and one linear layer it is exactly the score's decomposition over positions.</li>
 * <li>LayerCAM (Jiang et al. 2021): ReLU(sum_k ReLU(G_k) * A_k) element-wise: only positive gradients
 * count, made for the early, fine stages where negative ones cancel the evidence.</li>
 * </ul>
 */
public enum CamMethod {
    GRAD_CAM("Grad-CAM"), GRAD_CAM_PLUS_PLUS("Grad-CAM++"), HIRES_CAM("HiResCAM"), LAYER_CAM("LayerCAM");

    /** The method shown first (with {@link GradCam#forReview}): the pointing game's choice leaving one lab out. */
    public static final CamMethod DEFAULT = LAYER_CAM;

    private final String label;

    CamMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** As the user reads it (choice boxes show this). */
    @Override
    public String toString() {
        return label;
    }

    /** By label or constant name, ignoring case, hyphens and underscores ("Grad-CAM++", "hirescam", "GRAD_CAM"). */
    public static CamMethod named(String s) {
        String k = key(s);
        for (CamMethod m : values()) {
            if (key(m.label).equals(k) || key(m.name()).equals(k)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown explanation method '" + s + "' (Grad-CAM, Grad-CAM++, HiResCAM, LayerCAM)");
    }

    private static String key(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "").replace("plusplus", "++");
    }

    /** The map before ReLU and upsampling, h x w, from A and G laid out channel-major (c x h x w). */
    public float[] combine(float[] a, float[] g, int c, int h, int w) {
        int hw = h * w;
        float[] cam = new float[hw];
        for (int k = 0; k < c; k++) {
            int o = k * hw;
            switch (this) {
                case GRAD_CAM -> {
                    double mean = 0;
                    for (int i = 0; i < hw; i++) {
                        mean += g[o + i];
                    }
                    float wk = (float) (mean / hw);
                    for (int i = 0; i < hw; i++) {
                        cam[i] += wk * a[o + i];
                    }
                }
                case HIRES_CAM -> {
                    for (int i = 0; i < hw; i++) {
                        cam[i] += g[o + i] * a[o + i];
                    }
                }
                case LAYER_CAM -> {
                    for (int i = 0; i < hw; i++) {
                        cam[i] += Math.max(0, g[o + i]) * a[o + i];
                    }
                }
                case GRAD_CAM_PLUS_PLUS -> {
                    double sumA = 0;
                    for (int i = 0; i < hw; i++) {
                        sumA += a[o + i];
                    }
                    double wk = 0;
                    for (int i = 0; i < hw; i++) {
                        double g1 = g[o + i];
                        double g2 = g1 * g1;
                        double denom = 2 * g2 + sumA * g2 * g1;
                        double alpha = g1 == 0 || denom == 0 ? 0 : g2 / denom;
                        wk += alpha * Math.max(0, g1);
                    }
                    for (int i = 0; i < hw; i++) {
                        cam[i] += (float) wk * a[o + i];
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return cam;
    }
}
