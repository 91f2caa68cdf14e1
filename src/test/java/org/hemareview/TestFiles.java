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

    /**
     * A second version of the bundled model for promotion tests: the same weights (so the package is
     * valid), another version number and another temperature (so its confidences differ).
     */
    public static Path secondModelVersion(Path parent, String version, double temperature) throws java.io.IOException {
        Path copy = parent.resolve("model-v" + version + "-" + System.nanoTime());
        Files.createDirectories(copy);
        Path bundled = org.hemareview.model.DefaultModel.folder().orElseThrow();
        try (var files = Files.list(bundled)) {
            for (Path p : files.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var m = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(copy.resolve("manifest.json").toFile());
        m.put("version", version);
        m.put("temperature", temperature);
        json.writeValue(copy.resolve("manifest.json").toFile(), m);
        return copy;
    }

    /** Rows of a query on a workspace file, read with a connection of its own (as any other program would). */
    public static long count(Path workspace, String sql, Object... args) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + workspace); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
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
