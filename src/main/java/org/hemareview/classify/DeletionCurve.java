package org.hemareview.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How faithful a map is (Petsiuk et al. 2018, "deletion"): the crop's pixels are blanked (set to
 * the crop's background colour, {@link #backgroundColour}) in the map's order, most important first, in {@code steps} equal parts,
 * and the class's probability is read after each part. A map that points at the evidence makes
 * the probability fall early: a small area under the curve. The same curve in a random order is
 * the baseline every map must beat. All the blanked crops of one curve go through the network as
 * one batch.
 *
 * @param curve        the class probability at 0, 1/steps, ..., 1 of the pixels blanked
 * @param auc          its area (trapezoids, x from 0 to 1)
 * @param randomCurve  the same in a random order (seeded)
 * @param randomAuc    its area
 */
public record DeletionCurve(float[] curve, double auc, float[] randomCurve, double randomAuc) {

    /** The curve for {@code map} (values at the input size, s x s) on a crop already at the input size. */
    public static DeletionCurve measure(CellClassifier classifier, byte[] resized, float[] map, int classIndex, int steps, long seed) {
        int n = map.length;
        if (resized.length != 3 * n) {
            throw new IllegalArgumentException("the map (" + n + " values) does not match the crop (" + resized.length / 3 + " pixels)");
        }
        Integer[] byMap = new Integer[n];
        for (int i = 0; i < n; i++) {
            byMap[i] = i;
        }
        Arrays.sort(byMap, (p, q) -> Float.compare(map[q], map[p]));
        List<Integer> shuffled = new ArrayList<>(Arrays.asList(byMap));
        java.util.Collections.shuffle(shuffled, new Random(seed));
        float[] curve = curve(classifier, resized, Arrays.stream(byMap).mapToInt(Integer::intValue).toArray(), classIndex, steps);
        float[] random = curve(classifier, resized, shuffled.stream().mapToInt(Integer::intValue).toArray(), classIndex, steps);
        return new DeletionCurve(curve, area(curve), random, area(random));
    }

    private static float[] curve(CellClassifier classifier, byte[] resized, int[] order, int classIndex, int steps) {
        byte[] blank = backgroundColour(resized);
        List<byte[]> crops = new ArrayList<>(steps + 1);
        byte[] current = resized.clone();
        int done = 0;
        for (int k = 0; k <= steps; k++) {
            int upTo = (int) Math.round(order.length * (k / (double) steps));
            for (; done < upTo; done++) {
                int p = order[done] * 3;
                current[p] = blank[0];
                current[p + 1] = blank[1];
                current[p + 2] = blank[2];
            }
            crops.add(current.clone());
        }
        List<Prediction> out = classifier.classifyResized(crops);
        float[] curve = new float[out.size()];
        for (int i = 0; i < curve.length; i++) {
            curve[i] = out.get(i).probabilities()[classIndex];
        }
        return curve;
    }

    /**
     * The per-channel median of the crop's border pixels: for a cell crop the plasma around the cell,
     * so that a blanked pixel says "no cell here" rather than carrying the cell's mean stain.
     */
    static byte[] backgroundColour(byte[] bgr) {
        int s = (int) Math.round(Math.sqrt(bgr.length / 3.0)); // crops at the input size are square
        int[][] border = new int[3][4 * s];
        for (int i = 0; i < s; i++) {
            int[] pixels = {i, (s - 1) * s + i, i * s, i * s + s - 1}; // top, bottom, left, right
            for (int side = 0; side < 4; side++) {
                for (int c = 0; c < 3; c++) {
                    border[c][4 * i + side] = bgr[3 * pixels[side] + c] & 0xff;
                }
            }
        }
        byte[] out = new byte[3];
        for (int c = 0; c < 3; c++) {
            Arrays.sort(border[c]);
            out[c] = (byte) border[c][border[c].length / 2];
        }
        return out;
    }

    static double area(float[] curve) {
        double a = 0;
        for (int i = 1; i < curve.length; i++) {
            a += (curve[i - 1] + curve[i]) / 2.0;
        }
        return a / (curve.length - 1);
    }
}
