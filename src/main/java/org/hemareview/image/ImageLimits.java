package org.hemareview.image;

/**
 * Sizes a smear image may have. Below the minimum there is nothing to review; above the
 * maximum the decoded image (3 bytes/pixel, plus 4 for display) would not fit a desktop's memory
 * comfortably. 10000x10000 (100 MP) is accepted; 20000x20000 (400 MP) is refused. A field far
 * longer than wide (more than {@link #MAX_ASPECT} : 1) is a strip, not a smear, and is refused too.
 */
public record ImageLimits(int minSide, long maxPixels) {
    public static final ImageLimits DEFAULT = new ImageLimits(32, 120_000_000L);
    /** Long side over short side; microscope fields and whole-slide strips scanned for review stay far below. */
    public static final int MAX_ASPECT = 20;

    /** The largest file read into memory: a 16-bit RGB image of {@link #maxPixels} with room for headers. */
    public long maxFileBytes() {
        return maxPixels * 6 + (64L << 20);
    }

    public ImageLimits {
        if (minSide < 1 || maxPixels < (long) minSide * minSide) {
            throw new IllegalArgumentException("inconsistent limits");
        }
    }
}
