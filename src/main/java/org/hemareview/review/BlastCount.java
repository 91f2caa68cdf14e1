package org.hemareview.review;

import java.util.Locale;
import java.util.Map;

/**
 * Blasts among a smear's white cells: a pathologist's first question of a smear. Reported in the
 * same words wherever a count is shown (window, {@code analyze}, exports): "blasts: N (x %)".
 *
 * @param blasts  cells called or decided "blast"
 * @param counted the white cells they are a share of
 */
public record BlastCount(int blasts, int counted) {
    public static final String CLASS = "blast";

    /** From cells per class (reviewer decisions or model calls). */
    public static BlastCount of(Map<String, Integer> perClass) {
        int counted = perClass.values().stream().mapToInt(Integer::intValue).sum();
        return new BlastCount(perClass.getOrDefault(CLASS, 0), counted);
    }

    public double percent() {
        return counted == 0 ? 0 : 100.0 * blasts / counted;
    }

    public boolean present() {
        return blasts > 0;
    }

    public String text() {
        return String.format(Locale.ROOT, "blasts: %d (%.1f %%)", blasts, percent());
    }
}
