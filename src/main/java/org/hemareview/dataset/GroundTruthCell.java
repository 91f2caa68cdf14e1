package org.hemareview.dataset;

import java.util.List;

/**
 * A white cell placed on a composed smear, in smear pixels.
 *
 * @param box     [x, y, w, h], clipped to the image
 * @param polygon the cell's outline (alpha >= 0.5), clipped to the image
 * @param edge    true when the image border cuts the cell
 * @param source  the PBC crop it was cut from (file name only)
 */
public record GroundTruthCell(int id, String label, int[] box, List<int[]> polygon, double area, boolean edge, String source) {
}
