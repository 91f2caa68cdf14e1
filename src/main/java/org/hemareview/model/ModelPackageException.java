package org.hemareview.model;

import java.io.IOException;

/** A model folder that cannot be used, with a message for the person who chose it. */
public final class ModelPackageException extends IOException {
    public ModelPackageException(String message) {
        super(message);
    }

    public ModelPackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
