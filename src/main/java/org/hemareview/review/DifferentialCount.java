package org.hemareview.review;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The differential count of a smear from one reviewer's decisions: cells per class (in the
 * model's class order), progress towards the target count, and flags a haematologist acts on.
 *
 * @param counts    reviewed white cells per class (class labels only)
 * @param counted   their sum: the denominator of the percentages
 * @param target    cells to count (a preference; 100 by default)
 * @param undecided cells not yet decided
 * @param flags     human-readable findings, e.g. immature cells present
 */
public record DifferentialCount(Map<String, Integer> counts, int counted, int target, int notACell, int unsure, int skipped,
                                int undecided, List<String> flags) {

    /** Classes whose presence in peripheral blood is flagged (PBC's "ig" = immature granulocytes). */
    private static final Set<String> IMMATURE = Set.of("ig", "blasts", "myeloblast", "lymphoblast", "promyelocyte", "myelocyte",
            "metamyelocyte", "erythroblast", "all", "immature");

    public static DifferentialCount of(List<String> classes, Collection<Long> cells, Map<Long, String> labels, int target) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        classes.forEach(c -> counts.put(c, 0));
        int notACell = 0;
        int unsure = 0;
        int skipped = 0;
        int undecided = 0;
        for (long cell : cells) {
            String label = labels.get(cell);
            if (label == null) {
                undecided++;
            } else if (label.equals(ReviewLabels.NOT_A_CELL)) {
                notACell++;
            } else if (label.equals(ReviewLabels.UNSURE)) {
                unsure++;
            } else if (label.equals(ReviewLabels.SKIPPED)) {
                skipped++;
            } else {
                counts.merge(label, 1, Integer::sum);
            }
        }
        int counted = counts.values().stream().mapToInt(Integer::intValue).sum();
        List<String> flags = new ArrayList<>();
        BlastCount blasts = BlastCount.of(counts);
        if (blasts.present()) {
            flags.add(blasts.text());
        }
        List<String> immature = counts.entrySet().stream().filter(e -> e.getValue() > 0 && IMMATURE.contains(e.getKey().toLowerCase(Locale.ROOT)))
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        if (!immature.isEmpty()) {
            flags.add("Immature cells present: " + String.join(", ", immature));
        }
        if (unsure > 0) {
            flags.add(unsure + " cell(s) marked unsure need a second look");
        }
        if (counted > 0 && counted < target && undecided == 0) {
            flags.add("Only " + counted + " of " + target + " cells counted on this smear");
        }
        return new DifferentialCount(counts, counted, target, notACell, unsure, skipped, undecided, List.copyOf(flags));
    }

    /** Blasts among the counted cells. */
    public BlastCount blasts() {
        return BlastCount.of(counts);
    }

    /** Share of the counted cells, in percent (0 when nothing is counted). */
    public double percent(String cls) {
        return counted == 0 ? 0 : 100.0 * counts.getOrDefault(cls, 0) / counted;
    }

    /**
     * The count as a reviewer reads it before signing: one line per class found ("neutrophil 12
     * (60 %)"), the cells left out, then the flags.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        counts.forEach((cls, n) -> {
            if (n > 0) {
                sb.append(String.format(Locale.ROOT, "%s %d (%.0f %%)%n", cls, n, percent(cls)));
            }
        });
        sb.append(String.format(Locale.ROOT, "%d white cells counted of %d", counted, target));
        if (notACell > 0 || skipped > 0) {
            sb.append(String.format(Locale.ROOT, "; left out: %d not a white cell, %d skipped", notACell, skipped));
        }
        flags.forEach(f -> sb.append(System.lineSeparator()).append(f));
        return sb.toString();
    }

    /** Progress towards the target, 0..1. */
    public double progress() {
        return target <= 0 ? 1 : Math.min(1, counted / (double) target);
    }
}
