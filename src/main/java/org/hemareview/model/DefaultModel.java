package org.hemareview.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.io.Install;

/** The model that ships with HemaReview: {@code models/resnext-cc-slim}, or {@code -Dhemareview.model=DIR}. */
public final class DefaultModel {
    public static final String NAME = "resnext-cc-slim";

    private DefaultModel() {
    }

    public static Optional<Path> folder() {
        String prop = System.getProperty("hemareview.model");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Optional.of(Path.of(prop));
        }
        return Install.folder("models", "hemareview.models").map(d -> d.resolve(NAME)).filter(d -> Files.exists(d.resolve(Manifest.FILE)));
    }
}
