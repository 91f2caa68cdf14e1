package org.hemareview.image;

/**
 * Sizes a smear image may have. Below the minimum there is nothing to review; above the
 * maximum the decoded image (3 bytes/pixel, plus 4 for display) would not fit a desktop's memory
 * comfortably. 10000x10000 (100 MP) is accepted; 20000x20000 (400 MP) is refused.
 */
public record ImageLimits(int minSide, long maxPixels) {
    public static final ImageLimits DEFAULT = new ImageLimits(32, 120_000_000L);

    public ImageLimits {
        if (minSide < 1 || maxPixels < (long) minSide * minSide) {
            throw new IllegalArgumentException("inconsistent limits");
        }
    }
}
