package org.hemareview.review;

import java.util.Set;

/** Labels a reviewer can give besides the model's classes. */
public final class ReviewLabels {
    /** A false detection: debris, a red cell, a platelet clump. Excluded from counts and exports. */
    public static final String NOT_A_CELL = "not_a_cell";
    /** Needs a second look; a smear cannot be signed while any cell is unsure. */
    public static final String UNSURE = "unsure";
    /** Deliberately left out (e.g. a smudged or cut cell); counts as decided for signing. */
    public static final String SKIPPED = "skipped";
    public static final Set<String> SPECIAL = Set.of(NOT_A_CELL, UNSURE, SKIPPED);

    private ReviewLabels() {
    }

    /** True for a label that names a cell class (what counts and exports use). */
    public static boolean isClass(String label) {
        return label != null && !SPECIAL.contains(label);
    }

    public static String display(String label) {
        if (label == null) {
            return "undecided";
        }
        return switch (label) {
            case NOT_A_CELL -> "not a white cell";
            case UNSURE -> "unsure";
            case SKIPPED -> "skipped";
            default -> label;
        };
    }
}
