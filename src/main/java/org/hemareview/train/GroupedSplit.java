package org.hemareview.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Train / validation / test split (7:1:2 as in the ResNeXt-CC paper), stratified by class and
 * grouped by smear: all cells of one smear land on the same side. Cells of one smear share
 * stain, scanner and patient, so a split that separated them would score the model on
 * near-copies of its training cells and overstate how it does on a new patient.
 *
 * <p>Greedy: smears, largest first (ties in a seeded random order), each go to the split whose
 * per-class shortfall against its target share the smear fills best. With only a few smears, a
 * part left empty gets the smallest training smear.
 */
public final class GroupedSplit {
    public enum Part { TRAIN, VALIDATION, TEST }

    /** One labelled cell and the smear it comes from. */
    public record Item(long cellId, long smearId, String label) {
    }

    /** Each cell's part. */
    public record Result(Map<Long, Part> partOfCell, Map<Long, Part> partOfSmear) {
        public List<Long> cells(Part p) {
            return partOfCell.entrySet().stream().filter(e -> e.getValue() == p).map(Map.Entry::getKey).sorted().toList();
        }
    }

    private final double[] fractions;
    private final long seed;

    public GroupedSplit(double train, double validation, double test, long seed) {
        double sum = train + validation + test;
        this.fractions = new double[] {train / sum, validation / sum, test / sum};
        this.seed = seed;
    }

    /** The paper's 7:1:2. */
    public static GroupedSplit paper(long seed) {
        return new GroupedSplit(0.7, 0.1, 0.2, seed);
    }

    public Result split(List<Item> items) {
        Map<Long, Map<String, Integer>> bySmear = new LinkedHashMap<>();
        Map<String, Integer> total = new HashMap<>();
        for (Item it : items) {
            bySmear.computeIfAbsent(it.smearId(), k -> new HashMap<>()).merge(it.label(), 1, Integer::sum);
            total.merge(it.label(), 1, Integer::sum);
        }
        List<Long> smears = new ArrayList<>(bySmear.keySet());
        Collections.shuffle(smears, new Random(seed));
        smears.sort((a, b) -> Integer.compare(size(bySmear.get(b)), size(bySmear.get(a))));
        List<Map<String, Integer>> have = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
        int[] haveTotal = new int[3];
        int n = items.size();
        Map<Long, Part> partOfSmear = new HashMap<>();
        for (long smear : smears) {
            Map<String, Integer> counts = bySmear.get(smear);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < 3; p++) {
                double score = 0;
                for (Map.Entry<String, Integer> e : counts.entrySet()) {
                    double target = fractions[p] * total.get(e.getKey());
                    double shortfall = target - have.get(p).getOrDefault(e.getKey(), 0);
                    score += e.getValue() * shortfall / total.get(e.getKey());
                }
                // overall size as the tie-breaker
                score += 1e-6 * (fractions[p] * n - haveTotal[p]);
                if (score > bestScore) {
                    bestScore = score;
                    best = p;
                }
            }
            final int chosen = best;
            counts.forEach((label, c) -> have.get(chosen).merge(label, c, Integer::sum));
            haveTotal[chosen] += size(counts);
            partOfSmear.put(smear, Part.values()[chosen]);
        }
        // with few smears the shares round a part down to nothing: give an empty part the smallest training smear
        for (Part empty : List.of(Part.VALIDATION, Part.TEST)) {
            boolean none = partOfSmear.values().stream().noneMatch(p -> p == empty);
            List<Long> inTrain = smears.stream().filter(x -> partOfSmear.get(x) == Part.TRAIN).toList();
            if (none && inTrain.size() > 1) {
                partOfSmear.put(inTrain.get(inTrain.size() - 1), empty); // the list is largest first
            }
        }
        Map<Long, Part> partOfCell = new LinkedHashMap<>();
        items.forEach(it -> partOfCell.put(it.cellId(), partOfSmear.get(it.smearId())));
        return new Result(partOfCell, partOfSmear);
    }

    private static int size(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
