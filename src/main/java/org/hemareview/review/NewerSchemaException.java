package org.hemareview.review;

/** The workspace was written by a newer HemaReview; opening it here could damage it. */
public final class NewerSchemaException extends WorkspaceException {
    public NewerSchemaException(String file, int found, int known) {
        super(String.format("%s was written by a newer HemaReview (workspace schema %d; this version knows up to %d). "
                + "Update HemaReview to open it; the file was not changed.", file, found, known));
    }
}
