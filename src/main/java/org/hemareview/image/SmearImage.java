package org.hemareview.image;

import java.nio.file.Path;
import org.opencv.core.Mat;

/**
 * A decoded smear: 8-bit, 3-channel BGR pixels, whatever the file held.
 *
 * @param path       where it was read from
 * @param sha256     hash of the file's bytes (identifies the smear in a workspace)
 * @param format     the file's real format
 * @param bgr        the pixels; owned by this record and released by {@link #close()}
 * @param conversion what was done to reach 8-bit BGR ("" when nothing), shown to the user
 */
public record SmearImage(Path path, String sha256, ImageFormat format, Mat bgr, String conversion) implements AutoCloseable {
    public int width() {
        return bgr.cols();
    }

    public int height() {
        return bgr.rows();
    }

    /** An independent copy (own pixels) for work that may outlive this one. */
    public SmearImage copy() {
        return new SmearImage(path, sha256, format, bgr.clone(), conversion);
    }

    @Override
    public void close() {
        bgr.release();
    }
}
