package org.hemareview.image;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Small previews of smears, encoded once and stored, so lists never decode full images. */
public final class Thumbnails {
    private Thumbnails() {
    }

    /** A JPEG no larger than maxSide on its longer side, area-averaged (no aliasing). */
    public static byte[] jpeg(Mat bgr, int maxSide) {
        double scale = Math.min(1.0, maxSide / (double) Math.max(bgr.cols(), bgr.rows()));
        Mat small = new Mat();
        MatOfByte buf = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 85);
        try {
            Imgproc.resize(bgr, small, new Size(Math.max(1, Math.round(bgr.cols() * scale)), Math.max(1, Math.round(bgr.rows() * scale))),
                    0, 0, Imgproc.INTER_AREA);
            Imgcodecs.imencode(".jpg", small, buf, params);
            return buf.toArray();
        } finally {
            small.release();
            buf.release();
            params.release();
        }
    }
}
