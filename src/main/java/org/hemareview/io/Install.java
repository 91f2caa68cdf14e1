package org.hemareview.io;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds folders that ship beside the application (sample-data, models): a system property wins,
 * then the folder next to the code or any parent of it (the repo root when run from target/, the
 * app image's folder when installed), then the working directory.
 */
public final class Install {
    private Install() {
    }

    public static Optional<Path> folder(String name, String property) {
        String prop = System.getProperty(property);
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Optional.of(Path.of(prop));
        }
        try {
            Path code = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve(name))) {
                    return Optional.of(p.resolve(name));
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        Path here = Path.of(name);
        return Files.isDirectory(here) ? Optional.of(here) : Optional.empty();
    }
}
