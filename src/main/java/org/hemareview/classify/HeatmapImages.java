package org.hemareview.classify;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Renders Grad-CAM maps: the colour map alone, or blended over the crop. */
public final class HeatmapImages {
    private HeatmapImages() {
    }

    /** The map as a JET-coloured 8-bit BGR image (blue = 0, red = 1). */
    public static Mat colour(Heatmap h) {
        Mat f = new Mat(h.height(), h.width(), CvType.CV_32F);
        Mat g = new Mat();
        Mat out = new Mat();
        try {
            f.put(0, 0, h.values());
            f.convertTo(g, CvType.CV_8U, 255);
            Imgproc.applyColorMap(g, out, Imgproc.COLORMAP_JET);
            return out;
        } finally {
            f.release();
            g.release();
        }
    }

    /** The crop with the map over it at {@code opacity} (0 = crop only, 1 = map only). */
    public static Mat overlay(Mat crop, Heatmap h, double opacity) {
        Mat colour = colour(h);
        Mat out = new Mat();
        try {
            Core.addWeighted(crop, 1 - opacity, colour, opacity, 0, out);
            return out;
        } finally {
            colour.release();
        }
    }
}
