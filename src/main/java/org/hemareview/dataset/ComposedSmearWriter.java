package org.hemareview.dataset;

import java.io.IOException;
import java.nio.file.Path;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.hemareview.io.AtomicFiles;

/** Writes a composed smear as JPEG plus its ground truth JSON. */
public final class ComposedSmearWriter {
    private ComposedSmearWriter() {
    }

    public static Path write(SmearComposer.Composed composed, Path dir, int jpegQuality) throws IOException {
        Path image = dir.resolve(composed.truth().image());
        MatOfByte buf = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality);
        try {
            if (!Imgcodecs.imencode(".jpg", composed.image(), buf, params)) {
                throw new IOException("JPEG encoding failed for " + image);
            }
            AtomicFiles.write(image, buf.toArray());
        } finally {
            buf.release();
            params.release();
        }
        GroundTruthJson.write(composed.truth(), GroundTruthJson.besides(image));
        return image;
    }
}
