package org.hemareview.analysis;

import java.nio.file.Path;
import org.hemareview.image.ImageReadException;
import org.hemareview.image.SmearImage;
import org.hemareview.image.SmearImageReader;
import org.hemareview.image.Thumbnails;
import org.hemareview.review.NewSmear;
import org.hemareview.review.SmearStore.Registration;
import org.hemareview.review.Workspace;

/**
 * Opens smear files into a workspace: decode (refusing bad files before anything is written),
 * then register with hash, size and preview in one transaction. Used by File > Open,
 * drag-and-drop and the {@code import} command alike.
 */
public final class SmearImporter {
    public static final int THUMBNAIL_SIDE = 160;
    private final Workspace workspace;
    private final SmearImageReader reader;
    private final String actor;

    public SmearImporter(Workspace workspace, SmearImageReader reader, String actor) {
        this.workspace = workspace;
        this.reader = reader;
        this.actor = actor;
    }

    /** A registered smear with its decoded pixels; the caller closes it. */
    public record Opened(Registration registration, SmearImage image) implements AutoCloseable {
        @Override
        public void close() {
            image.close();
        }
    }

    /** Reads and registers; the pixels stay open for display. */
    public Opened open(Path file) throws ImageReadException {
        SmearImage image = reader.read(file);
        try {
            NewSmear s = new NewSmear(file, image.sha256(), image.width(), image.height(), Thumbnails.jpeg(image.bgr(), THUMBNAIL_SIDE));
            return new Opened(workspace.smears().register(s, actor), image);
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    /** Reads and registers, releasing the pixels. */
    public Registration importFile(Path file) throws ImageReadException {
        try (Opened o = open(file)) {
            return o.registration();
        }
    }
}
