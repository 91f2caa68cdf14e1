package org.hemareview.segment;

import java.util.List;
import org.hemareview.geometry.Box;

/**
 * A white cell found on a smear, in full-image pixels.
 *
 * @param polygon  the traced cell border
 * @param box      the the nucleus box grown by the cytoplasm margin, clipped to the image
 * @param area     polygon area in px²
 * @param centroid nucleus centroid [x, y]
 * @param edge     the image border cuts the cell (kept and flagged, never dropped)
 * @param nucleus  the nucleus mask (all lobes)
 */
public record SegmentedCell(int id, List<int[]> polygon, Box box, double area, double[] centroid, boolean edge, CellMask nucleus) {
    public double centreX() {
        return box.centreX();
    }

    public double centreY() {
        return box.centreY();
    }
}
