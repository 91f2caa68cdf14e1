package org.hemareview.review;

import java.time.Instant;

/**
 * One reviewer decision on a cell, as stored (rows are never changed).
 *
 * @param label         the class, a special label ({@link ReviewLabels}), or null: undecided again
 * @param previousLabel the reviewer's call on the cell before this decision (null: none)
 * @param kind          assign (a class picked), confirm (the model's suggestion accepted), undo
 * @param model         model version whose suggestion was on screen, if any
 * @param undoes        the decision this one reverses (undo only)
 */
public record Decision(long id, long cellId, String reviewer, String label, String previousLabel, Kind kind, String model,
                       Instant decidedAt, Long undoes) {

    public enum Kind {
        ASSIGN, CONFIRM, UNDO;

        String sql() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** True when the cell has a final call: a class, not-a-cell or skipped (unsure still needs one). */
    public boolean settles() {
        return label != null && !ReviewLabels.UNSURE.equals(label);
    }
}
