package org.hemareview;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Another lab's look, made on our own images: three white balances, a stronger and a paler stain,
 * and a camera gamma. Transmitted light I = L * 10^-OD; each shift acts on a float BGR copy.
 */
public final class ColourShifts {
    /** The six shifts, in a fixed order. */
    public static final Map<String, UnaryOperator<float[]>> SIX;

    static {
        Map<String, UnaryOperator<float[]>> m = new LinkedHashMap<>();
        m.put("warm white balance", v -> scale(v, 0.80, 0.95, 1.10));
        m.put("cool white balance", v -> scale(v, 1.10, 0.97, 0.78));
        m.put("green cast", v -> scale(v, 0.88, 1.08, 0.85));
        // stain strength scales every optical density: I' = 255 (I / 255)^k
        m.put("stronger stain", v -> power(v, 1.35));
        m.put("paler stain", v -> power(v, 0.7));
        // a camera's gamma curve on top of the lab's stain
        m.put("camera gamma 0.8", v -> power(v, 0.8));
        SIX = java.util.Collections.unmodifiableMap(m);
    }

    private ColourShifts() {
    }

    static float[] scale(float[] v, double b, double g, double r) {
        for (int i = 0; i < v.length; i += 3) {
            v[i] *= b;
            v[i + 1] *= g;
            v[i + 2] *= r;
        }
        return v;
    }

    static float[] power(float[] v, double k) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (255 * Math.pow(Math.max(v[i], 1) / 255.0, k));
        }
        return v;
    }

    /** A new 8-bit BGR image: {@code bgr} under {@code shift}, clipped as a camera clips. */
    public static Mat shifted(Mat bgr, UnaryOperator<float[]> shift) {
        Mat f = new Mat();
        bgr.convertTo(f, CvType.CV_32FC3);
        float[] v = new float[(int) f.total() * 3];
        f.get(0, 0, v);
        f.put(0, 0, shift.apply(v));
        Mat out = new Mat();
        f.convertTo(out, CvType.CV_8UC3);
        f.release();
        return out;
    }
}
