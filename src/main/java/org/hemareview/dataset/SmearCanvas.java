package org.hemareview.dataset;

import java.util.Random;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A smear being composed, as linear light in [0,1] per BGR channel. Stained objects are
 * multiplied in as transmittance, so overlapping red cells darken as they do under a microscope.
 */
final class SmearCanvas {
    final int width;
    final int height;
    final float[] px;

    SmearCanvas(int width, int height, float[] paper) {
        this.width = width;
        this.height = height;
        this.px = new float[width * height * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = paper[0];
            px[i + 1] = paper[1];
            px[i + 2] = paper[2];
        }
    }

    /**
     * Multiplies in an elliptical disc whose transmittance goes from {@code centre} (middle) to
     * {@code rim} (edge), with a soft 2-px border: a red cell's pale centre and darker ring.
     */
    void disc(double cx, double cy, double rx, double ry, double angle, float[] centre, float[] rim, double paleCore, Random grain) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double r = Math.max(rx, ry) + 3;
        int x0 = Math.max(0, (int) (cx - r));
        int x1 = Math.min(width - 1, (int) (cx + r));
        int y0 = Math.max(0, (int) (cy - r));
        int y1 = Math.min(height - 1, (int) (cy + r));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x - cx;
                double dy = y - cy;
                double u = (dx * cos + dy * sin) / rx;
                double v = (-dx * sin + dy * cos) / ry;
                double d = Math.sqrt(u * u + v * v);
                double edge = clamp((1.0 - d) * Math.min(rx, ry) / 2.0 + 0.5); // ~2 px soft edge
                if (edge <= 0) {
                    continue;
                }
                double t = smoothstep(paleCore, 0.92, d); // 0 at the pale centre, 1 at the rim
                double noise = grain == null ? 0 : grain.nextGaussian() * 0.008;
                int i = (y * width + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double trans = centre[c] + (rim[c] - centre[c]) * t + noise;
                    px[i + c] *= (float) (1.0 - edge * (1.0 - trans));
                }
            }
        }
    }

    /** Places a cut-out cell (alpha-blended, not multiplied: its crop already carries its light). */
    void place(CellSprite sprite, int left, int top, float[] tint) {
        int w = sprite.width();
        int h = sprite.height();
        byte[] bgr = new byte[w * h * 3];
        float[] alpha = new float[w * h];
        sprite.bgr().get(0, 0, bgr);
        sprite.alpha().get(0, 0, alpha);
        for (int y = 0; y < h; y++) {
            int sy = top + y;
            if (sy < 0 || sy >= height) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int sx = left + x;
                float a = alpha[y * w + x];
                if (sx < 0 || sx >= width || a <= 0) {
                    continue;
                }
                int i = (sy * width + sx) * 3;
                int j = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    float cell = (bgr[j + c] & 0xFF) / 255f * tint[c];
                    px[i + c] = a * cell + (1 - a) * px[i + c];
                }
            }
        }
    }

    /** Uneven illumination (vignetting plus a tilt) and sensor noise, then 8-bit BGR. */
    Mat finish(double vignette, double tiltX, double tiltY, double noiseSigma, Random rnd) {
        byte[] out = new byte[px.length];
        double cx = width / 2.0;
        double cy = height / 2.0;
        double r2 = cx * cx + cy * cy;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x - cx;
                double dy = y - cy;
                double light = (1.0 - vignette * (dx * dx + dy * dy) / r2) * (1.0 + tiltX * dx / cx + tiltY * dy / cy);
                int i = (y * width + x) * 3;
                double n = rnd.nextGaussian() * noiseSigma;
                for (int c = 0; c < 3; c++) {
                    double v = px[i + c] * light * 255.0 + n;
                    out[i + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        Mat m = new Mat(height, width, CvType.CV_8UC3);
        m.put(0, 0, out);
        return m;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double smoothstep(double a, double b, double x) {
        double t = clamp((x - a) / (b - a));
        return t * t * (3 - 2 * t);
    }
}
