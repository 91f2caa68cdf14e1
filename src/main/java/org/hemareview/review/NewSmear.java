package org.hemareview.review;

import java.nio.file.Path;

/** What is known about a smear file before it is registered: its place, identity, size and preview. */
public record NewSmear(Path path, String sha256, int width, int height, byte[] thumbnailJpeg) {
}
