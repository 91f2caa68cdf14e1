package org.hemareview.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the sample smears that ship with HemaReview: {@code -Dhemareview.samples=DIR}, else
 * {@code sample-data/} beside the application (the repo root when run from target/), else in
 * the working directory.
 */
public final class SampleData {
    private SampleData() {
    }

    public static Optional<Path> folder() {
        return org.hemareview.io.Install.folder("sample-data", "hemareview.samples");
    }

    /**
     * The bundled PBC reference crops (a lab the bundled model learnt from): {@code rehearsal/} is mixed into an
     * adaptation to a new lab so that PBC is not forgotten, {@code check/} scores what the adapted
     * model keeps of PBC (disjoint from rehearsal/: PBC's val part).
     */
    public static Optional<Path> referenceCrops() {
        return folder().map(dir -> dir.resolve("pbc-reference")).filter(d -> Files.isDirectory(d.resolve("rehearsal")) && Files.isDirectory(d.resolve("check")));
    }

    /** The bundled teaching set (PBC crops in class folders) that Review > Practice uses before any smear is signed. */
    public static Optional<Path> teachingCrops() {
        return folder().map(dir -> dir.resolve("pbc-cells")).filter(Files::isDirectory);
    }

    /** The sample smear images (composed smears first, then real fields), sorted. */
    public static List<Path> smears() {
        return folder().map(dir -> {
            try (Stream<Path> s = Stream.of("composed", "bccd", "raabin").flatMap(lab -> list(dir.resolve(lab)))) {
                return s.toList();
            }
        }).orElse(List.of());
    }

    private static Stream<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(ImageFolder::isImage).sorted().toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
