package org.hemareview.review;

import java.util.List;
import org.hemareview.geometry.Box;

/**
 * A white cell of a smear as stored: found by the segmenter or drawn by a reviewer.
 *
 * @param number  the cell's number within its smear (stable across reads, shown to the user)
 * @param box     in smear pixels
 * @param source  "segmenter" or "reviewer"
 */
public record Cell(long id, long smearId, int number, List<int[]> polygon, Box box, double area, double[] centroid, boolean edge,
                   String source) {
    public double centreX() {
        return box.centreX();
    }

    public double centreY() {
        return box.centreY();
    }
}
