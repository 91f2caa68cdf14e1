package org.hemareview.review;

/**
 * The scale a smear was analysed at, as the workspace keeps it.
 *
 * @param source the key of where it came from ("given", "beside-image", "tiff-tags", "lab-setting", "estimated", "default")
 */
public record StoredScale(double umPerPx, String source) {
}
