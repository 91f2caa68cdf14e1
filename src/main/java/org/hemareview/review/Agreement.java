package org.hemareview.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How two reviewers' calls agree on the cells both decided: raw agreement and Cohen's kappa,
 * kappa = (p_o - p_e) / (1 - p_e) with p_e from each reviewer's label proportions.
 *
 * @param compared      cells both reviewers decided
 * @param agreed        of those, cells with the same label
 * @param kappa         Cohen's kappa; 1 when both used one and the same label throughout; NaN with nothing compared
 * @param disagreements cell ids where they differ, ascending
 */
public record Agreement(int compared, int agreed, double kappa, List<Long> disagreements) {

    /** One reviewer's agreement with each other reviewer, given every reviewer's labels by cell. */
    public static Map<String, Agreement> withOthers(Map<String, Map<Long, String>> byReviewer, String me) {
        Map<String, Agreement> out = new java.util.LinkedHashMap<>();
        Map<Long, String> mine = byReviewer.getOrDefault(me, Map.of());
        byReviewer.forEach((other, labels) -> {
            if (!other.equals(me)) {
                out.put(other, between(mine, labels));
            }
        });
        return out;
    }

    public static Agreement between(Map<Long, String> a, Map<Long, String> b) {
        TreeSet<Long> both = new TreeSet<>(a.keySet());
        both.retainAll(b.keySet());
        int n = both.size();
        if (n == 0) {
            return new Agreement(0, 0, Double.NaN, List.of());
        }
        Map<String, Integer> countA = new HashMap<>();
        Map<String, Integer> countB = new HashMap<>();
        List<Long> differ = new ArrayList<>();
        for (long cell : both) {
            String la = a.get(cell);
            String lb = b.get(cell);
            countA.merge(la, 1, Integer::sum);
            countB.merge(lb, 1, Integer::sum);
            if (!la.equals(lb)) {
                differ.add(cell);
            }
        }
        double po = (n - differ.size()) / (double) n;
        double pe = 0;
        for (Map.Entry<String, Integer> e : countA.entrySet()) {
            pe += (e.getValue() / (double) n) * (countB.getOrDefault(e.getKey(), 0) / (double) n);
        }
        double kappa = pe >= 1.0 ? (po >= 1.0 ? 1.0 : 0.0) : (po - pe) / (1 - pe);
        return new Agreement(n, n - differ.size(), kappa, List.copyOf(differ));
    }
}
