package org.hemareview.review;

/** A workspace that cannot be opened or written, with a message meant for the user. */
public class WorkspaceException extends RuntimeException {
    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
