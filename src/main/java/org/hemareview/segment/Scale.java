package org.hemareview.segment;

/**
 * Micrometres per pixel of a smear, and where that number came from.
 *
 * @param source "given" (by the user or the file), "estimated" (from red-cell size) or "default"
 */
public record Scale(double umPerPx, String source) {
    public static Scale given(double umPerPx) {
        if (!(umPerPx > 0.005 && umPerPx < 5)) {
            throw new IllegalArgumentException("scale " + umPerPx + " µm/px is not a microscope scale (expected 0.005-5)");
        }
        return new Scale(umPerPx, "given");
    }
}
