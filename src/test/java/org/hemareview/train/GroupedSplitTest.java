package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupedSplitTest {
    /** 80 smears of 10-30 cells with uneven class mixes (as real smears are). */
    static List<GroupedSplit.Item> smears(long seed) {
        String[] classes = {"neutrophil", "lymphocyte", "monocyte", "eosinophil", "basophil"};
        double[] weights = {0.5, 0.3, 0.1, 0.07, 0.03};
        Random r = new Random(seed);
        List<GroupedSplit.Item> items = new ArrayList<>();
        long cell = 1;
        for (long smear = 1; smear <= 80; smear++) {
            int n = 10 + r.nextInt(21);
            for (int i = 0; i < n; i++) {
                double u = r.nextDouble();
                int c = 0;
                for (double acc = weights[0]; u > acc && c < classes.length - 1; acc += weights[++c]) {
                    // pick by the cumulative weights
                }
                items.add(new GroupedSplit.Item(cell++, smear, classes[c]));
            }
        }
        return items;
    }

    @Test
    void noSmearOnTwoSidesAndClassSharesWithinTolerance() {
        List<GroupedSplit.Item> items = smears(3);
        GroupedSplit.Result r = GroupedSplit.paper(11).split(items);
        Map<Long, Set<GroupedSplit.Part>> sides = new HashMap<>();
        items.forEach(it -> sides.computeIfAbsent(it.smearId(), k -> new HashSet<>()).add(r.partOfCell().get(it.cellId())));
        sides.forEach((smear, parts) -> assertEquals(1, parts.size(), "smear " + smear + " is on " + parts));
        assertEquals(items.size(), r.partOfCell().size());

        double[] target = {0.7, 0.1, 0.2};
        Map<String, Integer> total = new HashMap<>();
        items.forEach(it -> total.merge(it.label(), 1, Integer::sum));
        for (GroupedSplit.Part p : GroupedSplit.Part.values()) {
            double share = r.cells(p).size() / (double) items.size();
            assertEquals(target[p.ordinal()], share, 0.03, p + " holds " + share + " of the cells");
            Map<String, Integer> have = new HashMap<>();
            items.stream().filter(it -> r.partOfCell().get(it.cellId()) == p).forEach(it -> have.merge(it.label(), 1, Integer::sum));
            for (Map.Entry<String, Integer> e : total.entrySet()) {
                double classShare = have.getOrDefault(e.getKey(), 0) / (double) e.getValue();
                // stated tolerance: +-0.05 of the target share for classes with >= 100 cells, +-0.10 below that
                double tol = e.getValue() >= 100 ? 0.05 : 0.10;
                assertEquals(target[p.ordinal()], classShare, tol, p + " / " + e.getKey() + " (" + e.getValue() + " cells): " + classShare);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        List<GroupedSplit.Item> items = smears(5);
        assertEquals(GroupedSplit.paper(1).split(items), GroupedSplit.paper(1).split(items));
        assertTrue(GroupedSplit.paper(1).split(items).cells(GroupedSplit.Part.TEST).size() > 0);
    }
}
