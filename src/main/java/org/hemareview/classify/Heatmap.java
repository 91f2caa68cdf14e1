package org.hemareview.classify;

/**
 * A Grad-CAM map over a crop: values in [0,1] (row-major, crop pixels), which class it explains,
 * and where it peaks. An all-zero map (no positive evidence) stays zero; its peak is the centre.
 */
public record Heatmap(int classIndex, String className, int width, int height, float[] values, int peakX, int peakY) {
    public float at(int x, int y) {
        return values[y * width + x];
    }
}
