package org.hemareview.train;

import java.util.Random;
import org.hemareview.image.PlasmaColour;
import org.opencv.core.Core;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The paper's augmentation (horizontal and vertical flips, random scaling, random rotation) plus
 * colour jitter, on size x size BGR crops. Cells have no up or down, so any angle is fair.
 *
 * <p>{@link #standard()} is the single-lab recipe (mild jitter). {@link #robust()} adds what differs
 * between laboratories: stain strength and stain colour (per-channel optical-density scaling),
 * the camera's white balance, gamma, hue and saturation, focus (blur), resolution (down- and
 * up-sampling to BCCD's sharpness) and JPEG quality; the corners a rotation uncovers take the
 * crop's plasma colour, as the crop cutter fills the smear's border. Given a second crop, the robust
 * recipe also puts that crop's central cell beside this one (half the time): on a crowded smear, and on
 * a leukaemic one above all, the crop cutter's 36 µm window holds neighbours, which a PBC crop never does.
 */
public final class Augmenter {
    public static final String STANDARD_DESCRIPTION = "flips, rotation 0-360, scale +-12 %, brightness and channel gain +-6 %";
    public static final String ROBUST_DESCRIPTION = "flips, rotation 0-360, scale +-25 %; stain strength and colour (optical density x0.7-1.3, "
            + "per channel +-25 %), white balance +-20 %, gamma 0.7-1.4, hue +-25 degrees, saturation x0.75-1.3; blur sigma 0.3-1.5 (p 0.3), "
            + "down- and up-sampling x0.3-0.9 (p 0.5), JPEG quality 30-90 (p 0.3)";
    public static final String NEIGHBOUR_DESCRIPTION = "; a neighbour (another crop's central disc, radius 0.21 of the crop, "
            + "its centre 0.36-0.55 of the crop from this one's) pasted beside the cell (p 0.5)";
    /** Share of robust draws that get a neighbour; its disc radius and its centre's distance range, in crop sides. */
    static final double NEIGHBOUR_P = 0.5;
    static final double NEIGHBOUR_RADIUS = 0.21;
    static final double NEIGHBOUR_NEAR = 0.36;
    static final double NEIGHBOUR_FAR = 0.55;
    private final double maxScale;
    private final double jitter;
    private final boolean robust;

    public Augmenter(double maxScale, double jitter) {
        this(maxScale, jitter, false);
    }

    private Augmenter(double maxScale, double jitter, boolean robust) {
        this.maxScale = maxScale;
        this.jitter = jitter;
        this.robust = robust;
    }

    public static Augmenter standard() {
        return new Augmenter(0.12, 0.06);
    }

    /** The multi-lab recipe. */
    public static Augmenter robust() {
        return new Augmenter(0.25, 0, true);
    }

    /**
     * A new augmented copy of {@code bgr} (size x size x 3 bytes). The caller passes the random
     * source, seeded per image and epoch, so batches can be prepared in parallel and reproducibly.
     */
    public byte[] apply(byte[] bgr, int size, Random random) {
        return apply(bgr, null, size, random);
    }

    /**
     * As above; with the robust recipe and a {@code neighbour} crop (same size, may be null), that crop's
     * central cell is pasted beside this one first (half the time), so the lab's colours then shift both.
     */
    public byte[] apply(byte[] bgr, byte[] neighbour, int size, Random random) {
        if (robust && neighbour != null) {
            Random side = new Random(random.nextLong()); // its own draws: without a neighbour the recipe is unchanged
            if (side.nextDouble() < NEIGHBOUR_P) {
                bgr = withNeighbour(bgr, neighbour, size, side);
            }
        }
        Mat src = new Mat(size, size, CvType.CV_8UC3);
        Mat dst = new Mat();
        Mat rot = null;
        try {
            src.put(0, 0, bgr);
            double angle = random.nextDouble() * 360;
            double scale = 1 + (random.nextDouble() * 2 - 1) * maxScale;
            rot = Imgproc.getRotationMatrix2D(new Point(size / 2.0, size / 2.0), angle, scale);
            if (robust) {
                double[] p = PlasmaColour.of(bgr);
                Imgproc.warpAffine(src, dst, rot, new Size(size, size), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, new Scalar(p[0], p[1], p[2]));
            } else {
                Imgproc.warpAffine(src, dst, rot, new Size(size, size), Imgproc.INTER_LINEAR, Core.BORDER_REFLECT_101, new Scalar(0, 0, 0));
            }
            if (random.nextBoolean()) {
                Core.flip(dst, dst, 1);
            }
            if (random.nextBoolean()) {
                Core.flip(dst, dst, 0);
            }
            if (robust) {
                return labShift(dst, size, random);
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

    /** A copy of {@code bgr} with the neighbour's central disc (feathered edge) at a random place beside the centre. */
    static byte[] withNeighbour(byte[] bgr, byte[] neighbour, int size, Random random) {
        byte[] out = bgr.clone();
        double r = NEIGHBOUR_RADIUS * size;
        double feather = Math.max(1, 0.03 * size);
        double angle = random.nextDouble() * 2 * Math.PI;
        double d = (NEIGHBOUR_NEAR + random.nextDouble() * (NEIGHBOUR_FAR - NEIGHBOUR_NEAR)) * size;
        double c = size / 2.0;
        double dx = c + d * Math.cos(angle);
        double dy = c + d * Math.sin(angle);
        int x0 = Math.max(0, (int) Math.floor(dx - r));
        int x1 = Math.min(size - 1, (int) Math.ceil(dx + r));
        int y0 = Math.max(0, (int) Math.floor(dy - r));
        int y1 = Math.min(size - 1, (int) Math.ceil(dy + r));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dist = Math.hypot(x - dx, y - dy);
                double a = Math.min(1, (r - dist) / feather);
                if (a <= 0) {
                    continue;
                }
                int sx = (int) Math.round(c + (x - dx));
                int sy = (int) Math.round(c + (y - dy));
                if (sx < 0 || sy < 0 || sx >= size || sy >= size) {
                    continue;
                }
                int o = (y * size + x) * 3;
                int q = (sy * size + sx) * 3;
                for (int k = 0; k < 3; k++) {
                    out[o + k] = (byte) Math.round((1 - a) * (out[o + k] & 0xFF) + a * (neighbour[q + k] & 0xFF));
                }
            }
        }
        return out;
    }

    /** The robust recipe's optics and colour, applied in place to {@code m}; returns its bytes. */
    private static byte[] labShift(Mat m, int size, Random random) {
        if (random.nextDouble() < 0.5) {
            double f = 0.3 + random.nextDouble() * 0.6;
            int small = Math.max(8, (int) Math.round(size * f));
            try (var ignored = new Released(new Mat())) {
                Imgproc.resize(m, ignored.mat, new Size(small, small), 0, 0, Imgproc.INTER_AREA);
                Imgproc.resize(ignored.mat, m, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
            }
        }
        if (random.nextDouble() < 0.3) {
            double sigma = 0.3 + random.nextDouble() * 1.2;
            Imgproc.GaussianBlur(m, m, new Size(0, 0), sigma);
        }
        byte[] out = new byte[size * size * 3];
        m.get(0, 0, out);
        // stain strength and colour in optical density, then white balance and gamma: one table per channel
        double strength = 0.7 + random.nextDouble() * 0.6;
        double gamma = Math.exp(Math.log(0.7) + random.nextDouble() * Math.log(1.4 / 0.7));
        int[][] lut = new int[3][256];
        for (int c = 0; c < 3; c++) {
            double od = strength * (1 + (random.nextDouble() * 2 - 1) * 0.25);
            double wb = 1 + (random.nextDouble() * 2 - 1) * 0.2;
            for (int v = 0; v < 256; v++) {
                double i = 255 * Math.pow((v + 1) / 256.0, od); // OD scaled by od
                i = Math.min(255, i * wb);
                lut[c][v] = (int) Math.round(255 * Math.pow(i / 255, gamma));
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) lut[i % 3][out[i] & 0xFF];
        }
        // BCCD's nuclei are blue where PBC's are purple: lab stains differ by tens of degrees of hue
        hueSaturation(out, size, (random.nextDouble() * 2 - 1) * 25, 0.75 + random.nextDouble() * 0.55);
        if (random.nextDouble() < 0.3) {
            return jpeg(out, size, 30 + random.nextInt(61));
        }
        return out;
    }

    private static void hueSaturation(byte[] bgr, int size, double hueDegrees, double saturation) {
        try (var m = new Released(new Mat(size, size, CvType.CV_8UC3))) {
            m.mat.put(0, 0, bgr);
            Imgproc.cvtColor(m.mat, m.mat, Imgproc.COLOR_BGR2HSV_FULL);
            byte[] hsv = new byte[bgr.length];
            m.mat.get(0, 0, hsv);
            int shift = (int) Math.round(hueDegrees * 256 / 360.0);
            for (int i = 0; i < hsv.length; i += 3) {
                hsv[i] = (byte) (((hsv[i] & 0xFF) + shift + 256) & 0xFF);
                hsv[i + 1] = (byte) Math.min(255, Math.round((hsv[i + 1] & 0xFF) * saturation));
            }
            m.mat.put(0, 0, hsv);
            Imgproc.cvtColor(m.mat, m.mat, Imgproc.COLOR_HSV2BGR_FULL);
            m.mat.get(0, 0, bgr);
        }
    }

    private static byte[] jpeg(byte[] bgr, int size, int quality) {
        MatOfByte buf = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
        try (var m = new Released(new Mat(size, size, CvType.CV_8UC3)); var b = new Released(buf); var p = new Released(params)) {
            m.mat.put(0, 0, bgr);
            Imgcodecs.imencode(".jpg", m.mat, buf, params);
            try (var back = new Released(Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR))) {
                byte[] out = new byte[bgr.length];
                back.mat.get(0, 0, out);
                return out;
            }
        }
    }

    /** A Mat released at the end of a try block. */
    private record Released(Mat mat) implements AutoCloseable {
        @Override
        public void close() {
            mat.release();
        }
    }
}
