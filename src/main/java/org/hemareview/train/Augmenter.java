package org.hemareview.train;

import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The paper's augmentation (horizontal and vertical flips, random scaling, random rotation) plus
 * mild colour jitter, on size x size BGR crops. Cells have no up or down, so any angle is fair.
 */
public final class Augmenter {
    private final double maxScale;
    private final double jitter;

    public Augmenter(double maxScale, double jitter) {
        this.maxScale = maxScale;
        this.jitter = jitter;
    }

    public static Augmenter standard() {
        return new Augmenter(0.12, 0.06);
    }

    /**
     * A new augmented copy of {@code bgr} (size x size x 3 bytes). The caller passes the random
     * source, seeded per image and epoch, so batches can be prepared in parallel and reproducibly.
     */
    public byte[] apply(byte[] bgr, int size, Random random) {
        Mat src = new Mat(size, size, CvType.CV_8UC3);
        Mat dst = new Mat();
        Mat rot = null;
        try {
            src.put(0, 0, bgr);
            double angle = random.nextDouble() * 360;
            double scale = 1 + (random.nextDouble() * 2 - 1) * maxScale;
            rot = Imgproc.getRotationMatrix2D(new Point(size / 2.0, size / 2.0), angle, scale);
            Imgproc.warpAffine(src, dst, rot, new Size(size, size), Imgproc.INTER_LINEAR, Core.BORDER_REFLECT_101, new Scalar(0, 0, 0));
            if (random.nextBoolean()) {
                Core.flip(dst, dst, 1);
            }
            if (random.nextBoolean()) {
                Core.flip(dst, dst, 0);
            }
            byte[] out = new byte[size * size * 3];
            dst.get(0, 0, out);
            // brightness and per-channel gain: stain and lamp differences between labs
            double bright = 1 + (random.nextDouble() * 2 - 1) * jitter;
            double[] gain = new double[3];
            for (int c = 0; c < 3; c++) {
                gain[c] = bright * (1 + (random.nextDouble() * 2 - 1) * jitter / 2);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) Math.max(0, Math.min(255, (int) Math.round((out[i] & 0xFF) * gain[i % 3])));
            }
            return out;
        } finally {
            src.release();
            dst.release();
            if (rot != null) {
                rot.release();
            }
        }
    }
}
