package org.hemareview.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ImageFolder layout ({@code ROOT/<class>/<image>}), as torchvision reads it: class names are
 * the sub-folder names in sorted order, images sorted by name, so listings are reproducible.
 */
public record ImageFolder(Path root, Map<String, List<Path>> imagesByClass) {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp");

    public static ImageFolder scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a folder (expected ROOT/<class>/<image> layout)");
        }
        Map<String, List<Path>> byClass = new LinkedHashMap<>();
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : classDirs) {
            List<Path> images;
            try (Stream<Path> s = Files.list(dir)) {
                images = s.filter(ImageFolder::isImage).sorted().toList();
            }
            if (!images.isEmpty()) {
                byClass.put(dir.getFileName().toString(), images);
            }
        }
        if (byClass.isEmpty()) {
            throw new IOException(root + " holds no class folders with images");
        }
        return new ImageFolder(root, Collections.unmodifiableMap(byClass));
    }

    public List<String> classes() {
        return new ArrayList<>(imagesByClass.keySet());
    }

    public int size() {
        return imagesByClass.values().stream().mapToInt(List::size).sum();
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith);
    }
}
