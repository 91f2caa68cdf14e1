package org.hemareview.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a trainee practises on, and in which order. Crops come from signed smears only (so the
 * answer is a pathologist's), or from the bundled teaching set on a new install. A round favours
 * the classes the trainee misses and the crops they got wrong (spaced repetition): each crop's
 * weight is (1 + 4 x the class's smoothed miss rate) x (2 after a wrong answer, 0.5 after a right
 * one in the last round), drawn without replacement.
 */
public final class PracticeDeck {
    /** A crop to practise on: "cell:ID" with the cell's id, or "teaching:FILE" with the file. */
    public record Item(String key, String truth, long cellId, Path file) {
    }

    private PracticeDeck() {
    }

    /** The class-labelled cells of signed smears, under the signer's class. */
    public static List<Item> fromSignedSmears(Workspace ws) {
        Map<Long, Boolean> signed = new HashMap<>();
        List<Item> out = new ArrayList<>();
        for (ReviewedCell c : ws.decisions().reviewedCells()) {
            boolean isSigned = signed.computeIfAbsent(c.smearId(),
                    id -> ws.smears().byId(id).map(s -> s.status() == SmearStatus.SIGNED).orElse(false));
            if (isSigned && ReviewLabels.isClass(c.decided())) {
                out.add(new Item("cell:" + c.cellId(), c.decided(), c.cellId(), null));
            }
        }
        return out;
    }

    /** A folder of class folders of crops (sample-data/pbc-cells): the teaching set. */
    public static List<Item> teachingSet(Path dir) throws IOException {
        List<Item> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> classes = Files.list(dir)) {
            for (Path cls : classes.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(cls)) {
                    files.filter(f -> f.getFileName().toString().matches("(?i).*\\.(jpe?g|png|tiff?|bmp)")).sorted()
                            .forEach(f -> out.add(new Item("teaching:" + cls.getFileName() + "/" + f.getFileName(), cls.getFileName().toString(), -1, f)));
                }
            }
        }
        return out;
    }

    /** Up to {@code n} crops for the next round, favouring what the trainee's history says they miss. */
    public static List<Item> draw(List<Item> pool, List<PracticeAnswer> history, int n, long seed) {
        Map<String, int[]> byClass = PracticeStore.byClass(history);
        int lastRound = history.stream().mapToInt(PracticeAnswer::round).max().orElse(0);
        Map<String, PracticeAnswer> lastAnswer = new HashMap<>();
        history.forEach(a -> lastAnswer.put(a.item(), a));
        Random random = new Random(seed);
        record Keyed(Item item, double key) {
        }
        List<Keyed> keyed = new ArrayList<>();
        for (Item item : pool) {
            double w = weight(item, byClass, lastAnswer, lastRound);
            keyed.add(new Keyed(item, Math.pow(random.nextDouble(), 1 / w))); // Efraimidis-Spirakis: weighted, without replacement
        }
        return keyed.stream().sorted(Comparator.comparingDouble(Keyed::key).reversed()).limit(n).map(Keyed::item).toList();
    }

    static double weight(Item item, Map<String, int[]> byClass, Map<String, PracticeAnswer> lastAnswer, int lastRound) {
        int[] rc = byClass.getOrDefault(item.truth(), new int[2]);
        double missRate = (rc[1] - rc[0] + 1) / (double) (rc[1] + 2);
        double w = 1 + 4 * missRate;
        PracticeAnswer last = lastAnswer.get(item.key());
        if (last != null) {
            w *= !last.right() ? 2 : last.round() == lastRound ? 0.5 : 1;
        }
        return w;
    }

    /** The classes a pool covers. */
    public static Set<String> classes(List<Item> pool) {
        return new java.util.TreeSet<>(pool.stream().map(Item::truth).toList());
    }
}
