package org.hemareview.io;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds folders that ship beside the application (sample-data, models): a system property wins,
 * then the folder next to the code or any parent of it (the repo root when run from target/, the
 * app image's {@code lib/app} when installed). Never the working directory: a packaged app run
 * from a repo checkout must use its own models, and one run elsewhere must not find none.
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
            // no code location to start from (a custom class loader): only the property can say
        }
        return Optional.empty();
    }
}
