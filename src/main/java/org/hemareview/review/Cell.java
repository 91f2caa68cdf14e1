package org.hemareview.review;

import java.util.List;

/**
 * A white cell of a smear as stored: found by the segmenter or drawn by a reviewer.
 *
 * @param number  the cell's number within its smear (stable across reads, shown to the user)
 * @param box     [x, y, w, h] in smear pixels
 * @param source  "segmenter" or "reviewer"
 */
public record Cell(long id, long smearId, int number, List<int[]> polygon, int[] box, double area, double[] centroid, boolean edge,
                   String source) {
    public double centreX() {
        return box[0] + box[2] / 2.0;
    }

    public double centreY() {
        return box[1] + box[3] / 2.0;
    }
}
