package org.hemareview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** Where test inputs live: the repo's sample-data, and ../shared/data when present. */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path samples() {
        return Path.of(System.getProperty("hemareview.samples", "sample-data"));
    }

    public static Path composedSmear(int n) {
        return samples().resolve(String.format("composed/composed-%03d.jpg", n));
    }

    /** ../shared/data, or empty when the folder is absent (tests that need it skip). */
    public static Optional<Path> sharedData() {
        Path p = Path.of(System.getProperty("hemareview.shared", "../shared")).resolve("data");
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /** Encodes a Mat to a file in the given format (".png", ".jpg", ".tif", ".bmp"). */
    public static Path write(Mat m, Path file) throws java.io.IOException {
        MatOfByte buf = new MatOfByte();
        String ext = file.getFileName().toString().substring(file.getFileName().toString().lastIndexOf('.'));
        if (!Imgcodecs.imencode(ext, m, buf)) {
            throw new IllegalStateException("encode " + ext);
        }
        Files.write(file, buf.toArray());
        buf.release();
        return file;
    }
}
