package org.hemareview.review;

import java.nio.file.Path;
import java.time.Instant;

/** A smear image registered in a workspace; identified by the SHA-256 of its file. */
public record Smear(long id, Path path, String sha256, int width, int height, Instant addedAt, SmearStatus status) {
    public String name() {
        return path.getFileName().toString();
    }
}
