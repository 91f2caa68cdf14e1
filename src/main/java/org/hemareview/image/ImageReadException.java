package org.hemareview.image;

import java.io.IOException;
import java.nio.file.Path;

/** A smear file that cannot be used, with a message written for the person who chose the file. */
public final class ImageReadException extends IOException {
    private final transient Path path;

    public ImageReadException(Path path, String reason) {
        super(path.getFileName() + ": " + reason);
        this.path = path;
    }

    public ImageReadException(Path path, String reason, Throwable cause) {
        super(path.getFileName() + ": " + reason, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
