package org.hemareview.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hemareview.io.Hashing;

/**
 * What makes a model package trustworthy before a network is built from it: manifest values in
 * range (a temperature of 0 gives NaN confidences, a negative one inverts every call, an input
 * size of 20000 takes gigabytes), every file a regular file inside the folder (no symlinks, no
 * path out of it, no device), and one hash over the whole package, so a manifest changed after
 * registration (two class names swapped) is a refusal, not a model that calls every cell wrongly.
 */
public final class PackageCheck {
    static final double MIN_TEMPERATURE = 0.05;
    static final double MAX_TEMPERATURE = 20;
    static final int MIN_INPUT = 16;
    static final int MAX_INPUT = 1024;
    static final int MAX_CLASSES = 1000;
    static final long MAX_WEIGHTS_BYTES = 4L << 30;

    private PackageCheck() {
    }

    /** Refuses a manifest whose values no network of ours can honestly run with. */
    static void values(Path dir, Manifest m) throws ModelPackageException {
        require(dir, m.name() != null && !m.name().isBlank() && m.version() != null && !m.version().isBlank(), "the manifest names no model or version");
        require(dir, Double.isFinite(m.temperature()) && m.temperature() >= MIN_TEMPERATURE && m.temperature() <= MAX_TEMPERATURE,
                "temperature " + m.temperature() + " is outside " + MIN_TEMPERATURE + "-" + MAX_TEMPERATURE);
        require(dir, m.inputSize() >= MIN_INPUT && m.inputSize() <= MAX_INPUT, "input_size " + m.inputSize() + " is outside " + MIN_INPUT + "-" + MAX_INPUT + " px");
        List<String> classes = m.classes();
        require(dir, classes.size() >= 2 && classes.size() <= MAX_CLASSES, classes.size() + " classes (2-" + MAX_CLASSES + " expected)");
        Set<String> seen = new HashSet<>();
        for (String c : classes) {
            require(dir, c != null && !c.isBlank(), "a class has no name");
            require(dir, seen.add(c), "the class '" + c + "' is listed twice");
        }
        require(dir, isPlainName(m.weights()), "the weights file '" + m.weights() + "' is not a file name inside the package");
    }

    /** The weights file, checked: inside the package, a regular file, not a link, of a plausible size. */
    static Path weightsFile(Path dir, Manifest m) throws ModelPackageException {
        Path file = dir.resolve(m.weights());
        regularFile(dir, file);
        try {
            require(dir, Files.size(file) <= MAX_WEIGHTS_BYTES, "the weights file is larger than " + (MAX_WEIGHTS_BYTES >> 30) + " GiB");
        } catch (IOException e) {
            throw new ModelPackageException(dir + ": the weights file " + m.weights() + " is unreadable", e);
        }
        return file;
    }

    /** Every entry of the package is a regular file or folder within it; a symbolic link anywhere is refused. */
    public static void noLinks(Path dir) throws ModelPackageException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (Files.isSymbolicLink(p)) {
                    throw new ModelPackageException(dir + ": " + dir.relativize(p) + " is a symbolic link; a model package holds its own files only");
                }
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new ModelPackageException(dir + ": " + dir.relativize(p) + " is not a regular file");
                }
            }
        } catch (IOException e) {
            throw new ModelPackageException(dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * SHA-256 over the whole package: manifest, weights and card, each as its name, its length and its
     * bytes. Recorded at registration and with every prediction.
     */
    public static String packageSha256(Path dir) throws ModelPackageException {
        Manifest m = ModelPackage.readManifest(dir);
        try {
            return packageSha256(dir, Files.readAllBytes(weightsFile(dir, m)));
        } catch (IOException e) {
            throw new ModelPackageException(dir + ": the package cannot be read to hash it (" + e.getMessage() + ")", e);
        }
    }

    /** The same with the weights already in memory (loading reads them anyway: they are not read twice). */
    static String packageSha256(Path dir, byte[] weights) throws ModelPackageException {
        Manifest m = ModelPackage.readManifest(dir);
        try {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (String name : List.of(Manifest.FILE, m.weights(), ModelPackage.CARD)) {
                Path f = dir.resolve(name);
                byte[] bytes = name.equals(m.weights()) ? weights
                        : Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(f) : new byte[0];
                all.write((name + "\n" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
                all.write(bytes);
            }
            return Hashing.sha256(all.toByteArray());
        } catch (IOException e) {
            throw new ModelPackageException(dir + ": the package cannot be read to hash it (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isPlainName(String name) {
        return name != null && !name.isBlank() && !name.contains("/") && !name.contains("\\") && !name.startsWith(".") && !name.contains("\0");
    }

    private static void regularFile(Path dir, Path file) throws ModelPackageException {
        if (Files.isSymbolicLink(file)) {
            throw new ModelPackageException(dir + ": " + file.getFileName() + " is a symbolic link; a model package holds its own files only");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelPackageException(dir + ": the weights file " + file.getFileName() + " is missing or not a regular file");
        }
    }

    private static void require(Path dir, boolean ok, String problem) throws ModelPackageException {
        if (!ok) {
            throw new ModelPackageException(dir + ": " + problem + "; the package is refused");
        }
    }
}
