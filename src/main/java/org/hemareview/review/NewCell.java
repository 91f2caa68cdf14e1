package org.hemareview.review;

import java.util.List;
import org.hemareview.geometry.Box;

/** A cell about to be stored, with its crop encoded as PNG. */
public record NewCell(List<int[]> polygon, Box box, double area, double[] centroid, boolean edge, byte[] cropPng) {
}
