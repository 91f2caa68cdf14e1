package org.hemareview.segment;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A cell's crop: 8-bit BGR pixels cut around the cell at the smear's scale. The workspace keeps it as
 * PNG (lossless, so a stored crop decodes to exactly the pixels that were classified); this class is
 * the one place that encodes and decodes it. Owns its pixels: close it.
 *
 * @param umPerPx the smear's scale it was cut at (the crop itself is resampled to a fixed field)
 */
public record Crop(Mat pixels, double umPerPx) implements AutoCloseable {
    /** Decodes a stored crop; an unreadable one is an {@link IllegalArgumentException}. */
    public static Crop fromPng(byte[] png, double umPerPx) {
        MatOfByte buf = new MatOfByte(png);
        try {
            Mat m = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
            if (m.empty()) {
                m.release();
                throw new IllegalArgumentException("the stored crop cannot be decoded (" + png.length + " bytes)");
            }
            return new Crop(m, umPerPx);
        } finally {
            buf.release();
        }
    }

    /** The pixels as PNG, as the workspace stores them. */
    public byte[] png() {
        MatOfByte buf = new MatOfByte();
        try {
            Imgcodecs.imencode(".png", pixels, buf);
            return buf.toArray();
        } finally {
            buf.release();
        }
    }

    @Override
    public void close() {
        pixels.release();
    }
}
