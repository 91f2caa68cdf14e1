package org.hemareview.review;

import java.util.List;

/** A cell about to be stored, with its crop encoded as PNG. */
public record NewCell(List<int[]> polygon, int[] box, double area, double[] centroid, boolean edge, byte[] cropPng) {
}
