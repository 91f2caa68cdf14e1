package org.hemareview.image;

import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * BGR Mat to the premultiplied BGRA byte layout that display toolkits write fastest
 * (JavaFX's {@code PixelFormat.getByteBgraPreInstance()}): opaque, so premultiplied equals plain.
 */
public record BgraPixels(int width, int height, byte[] data) {
    public static BgraPixels of(Mat bgr) {
        Mat bgra = new Mat();
        try {
            Imgproc.cvtColor(bgr, bgra, Imgproc.COLOR_BGR2BGRA);
            byte[] data = new byte[bgra.cols() * bgra.rows() * 4];
            bgra.get(0, 0, data);
            return new BgraPixels(bgra.cols(), bgra.rows(), data);
        } finally {
            bgra.release();
        }
    }
}
