package org.hemareview.classify;

import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Turns an 8-bit BGR crop into the network's input: resized to the model's square size (area
 * averaging) and converted to HSV (or RGB, for the paper's ablation), channels in [0,1], CHW order.
 * Training and inference both go through here, so they can never disagree.
 */
public final class InputEncoder {
    /** v / 255f for every byte: the same floats as the division, looked up (the encoding runs per pixel of every crop). */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    /** The colour space the network sees. */
    public enum ColourSpace {
        HSV, RGB;

        public static ColourSpace parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** What is done to a crop's colours before the colour conversion. */
    public enum ColourNormalisation {
        /** The crop as the camera saw it (models before the multi-lab one). */
        NONE,
        /** White-balanced to the crop's own plasma ({@link org.hemareview.image.PlasmaColour}). */
        PLASMA,
        /** Each CIELAB channel matched to the reference palette ({@link org.hemareview.image.Palette}). */
        PALETTE,
        /** Each CIELAB channel mapped by the crop's plasma and nuclear stain onto PBC's ({@link org.hemareview.image.StainAnchors}). */
        ANCHORS;

        /** As a manifest names it; a manifest without the field predates normalisation. */
        public static ColourNormalisation parse(String s) {
            return s == null || s.isBlank() ? NONE : valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** The field of view of a crop (36 µm, as the crop cutter and the PBC crops have): the MPM works in µm. */
    private static final double CROP_UM = 36.0;
    private final int size;
    private final ColourSpace colour;
    private final org.hemareview.image.Preprocessor mpm;
    private final ColourNormalisation normalisation;

    public InputEncoder(int size, ColourSpace colour) {
        this(size, colour, false);
    }

    public InputEncoder(int size, ColourSpace colour, boolean mpm) {
        this(size, colour, mpm, ColourNormalisation.NONE);
    }

    /**
     * With {@code mpm}, crops pass the multi-scale preprocessing module (image.Preprocessor, full MPM)
     * before the colour conversion; {@code normalisation} comes first of all.
     */
    public InputEncoder(int size, ColourSpace colour, boolean mpm, ColourNormalisation normalisation) {
        this.size = size;
        this.colour = colour;
        this.mpm = mpm ? new org.hemareview.image.Preprocessor(org.hemareview.image.PreprocessSettings.fullMpm()) : null;
        this.normalisation = normalisation;
    }

    public ColourNormalisation normalisation() {
        return normalisation;
    }

    public boolean mpm() {
        return mpm != null;
    }

    /** The MPM applied to size x size BGR bytes (a copy), or the bytes themselves without it. */
    byte[] preprocess(byte[] bgr) {
        if (mpm == null) {
            return bgr;
        }
        Mat m = new Mat(size, size, org.opencv.core.CvType.CV_8UC3);
        Mat out = null;
        try {
            m.put(0, 0, bgr);
            out = mpm.apply(m, CROP_UM / size);
            byte[] b = new byte[size * size * 3];
            out.get(0, 0, b);
            return b;
        } finally {
            m.release();
            if (out != null) {
                out.release();
            }
        }
    }

    public int size() {
        return size;
    }

    public ColourSpace colour() {
        return colour;
    }

    /** Resizes a crop of any size to size x size BGR bytes (HWC). */
    public byte[] resize(Mat bgr) {
        Mat small = new Mat();
        try {
            int interp = bgr.cols() > size ? Imgproc.INTER_AREA : Imgproc.INTER_CUBIC;
            Imgproc.resize(bgr, small, new Size(size, size), 0, 0, interp);
            byte[] out = new byte[size * size * 3];
            small.get(0, 0, out);
            return out;
        } finally {
            small.release();
        }
    }

    /** A batch of size x size BGR crops encoded one after another: crops.size() x 3 x size x size floats (NCHW). */
    public float[] encodeAll(java.util.List<byte[]> crops) {
        int per = 3 * size * size;
        float[] x = new float[crops.size() * per];
        for (int i = 0; i < crops.size(); i++) {
            encode(crops.get(i), x, i * per);
        }
        return x;
    }

    /** Encodes size x size BGR bytes (HWC) into {@code dest} at {@code offset}: 3 x size x size floats. */
    public void encode(byte[] crop, float[] dest, int offset) {
        byte[] bgr = preprocess(switch (normalisation) {
            case PLASMA -> org.hemareview.image.PlasmaColour.whiteBalanced(crop);
            case PALETTE -> org.hemareview.image.Palette.standardised(crop, size);
            case ANCHORS -> org.hemareview.image.StainAnchors.standardised(crop, size);
            case NONE -> crop;
        });
        int n = size * size;
        if (colour == ColourSpace.RGB) {
            for (int i = 0; i < n; i++) {
                dest[offset + i] = UNIT[bgr[i * 3 + 2] & 0xFF];
                dest[offset + n + i] = UNIT[bgr[i * 3 + 1] & 0xFF];
                dest[offset + 2 * n + i] = UNIT[bgr[i * 3] & 0xFF];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float b = UNIT[bgr[i * 3] & 0xFF];
            float g = UNIT[bgr[i * 3 + 1] & 0xFF];
            float r = UNIT[bgr[i * 3 + 2] & 0xFF];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float d = max - min;
            float h;
            if (d == 0) {
                h = 0;
            } else if (max == r) {
                h = (g - b) / d; // in [-1, 1]: the textbook "mod 6" changes nothing here, and cost a third of the loop
            } else if (max == g) {
                h = (b - r) / d + 2f;
            } else {
                h = (r - g) / d + 4f;
            }
            h /= 6f; // H from 0-360 degrees scaled to [0,1]
            if (h < 0) {
                h += 1f;
            }
            dest[offset + i] = h;
            dest[offset + n + i] = max == 0 ? 0 : d / max;
            dest[offset + 2 * n + i] = max;
        }
    }
}
