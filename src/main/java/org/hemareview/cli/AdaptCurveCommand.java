package org.hemareview.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.Prediction;
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;
import org.hemareview.train.CellTable;
import org.hemareview.train.CropDataset;
import org.hemareview.train.Evaluation;
import org.hemareview.train.LabAdaptation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code adapt-curve}: the learning curve of adapting a model to a lab it was not trained on.
 * For each count N, N of the lab's reviewed cells (whole smears or patients, drawn from its train
 * and val parts, as a lab's first reviews would be) fine-tune the model with the wizard's "adapt to
 * this lab" recipe ({@link LabAdaptation}); the result is scored on the lab's test part (smears no
 * adaptation saw) and on the other labs' test parts (what the lab's adapted model would lose there).
 */
@Command(name = "adapt-curve", mixinStandardHelpOptions = true, description = "Accuracy on a left-out lab after adapting with N of its cells, and on the other labs.")
final class AdaptCurveCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "A model trained without --lab.")
    Path model;

    @Option(names = "--cells", required = true, paramLabel = "CELLS.csv")
    Path cells;

    @Option(names = "--lab", required = true)
    String lab;

    @Option(names = "--counts", split = ",", defaultValue = "0,25,50,100,200")
    List<Integer> counts;

    @Option(names = "--others", defaultValue = "400", description = "Test cells per other lab scored (a fixed sample; default ${DEFAULT-VALUE}).")
    int others;

    @Option(names = "--rehearse", defaultValue = "0", description = "Crops of the other labs' train parts mixed into each adaptation "
            + "(rehearsal against forgetting; default ${DEFAULT-VALUE}).")
    int rehearse;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--json", paramLabel = "OUT.json")
    Path json;

    @Override
    public Integer call() throws Exception {
        CellTable table = CellTable.read(cells);
        Manifest base = ModelPackage.readManifest(model);
        List<String> classes = base.classes();
        int size = base.inputSize();
        List<CellTable.Row> pool = new ArrayList<>();
        for (String part : List.of("train", "val")) {
            pool.addAll(table.select(Set.of(lab), part).stream().filter(CellTable.Row::found).filter(r -> classes.contains(r.cls())).toList());
        }
        CropDataset labTest = CropDataset.load(table, rows(table, Set.of(lab), classes, Integer.MAX_VALUE), classes, size);
        Map<String, CropDataset> otherTests = new LinkedHashMap<>();
        for (String other : table.labs()) {
            if (!other.equals(lab)) {
                otherTests.put(other, CropDataset.load(table, rows(table, Set.of(other), classes, others), classes, size));
            }
        }
        byte[] weights = Files.readAllBytes(model.resolve(base.weights()));
        List<Map<String, Object>> results = new ArrayList<>();
        System.out.println("cells | groups | seconds | " + lab + " test | " + String.join(" | ", otherTests.keySet()));
        for (int n : counts) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("lab", lab);
            r.put("cells", n);
            Path dir = Files.createTempDirectory("hemareview-adapt");
            try {
                Path scored = model;
                if (n > 0) {
                    List<CellTable.Row> chosen = new ArrayList<>(firstGroups(pool, n, new Random(seed)));
                    r.put("groups", chosen.stream().map(CellTable.Row::group).distinct().count());
                    r.put("rehearsal_crops", rehearse);
                    chosen.addAll(rehearsal(table, classes));
                    CropDataset reviewed = CropDataset.load(table, chosen, classes, size);
                    long t0 = System.nanoTime();
                    LabAdaptation.Adapted t = LabAdaptation.run(base, weights, reviewed, groupsOf(chosen), seed);
                    r.put("seconds", (System.nanoTime() - t0) / 1e9);
                    ModelPackage.write(dir, t.manifest(), t.result().bestWeights(), "# adapted (adapt-curve): " + lab + ", " + n + " cells\n");
                    scored = dir;
                }
                try (CellClassifier c = CellClassifier.load(scored, ComputeDevice.detect())) {
                    r.put(lab + "_test_accuracy", accuracy(c, labTest));
                    for (Map.Entry<String, CropDataset> e : otherTests.entrySet()) {
                        r.put(e.getKey() + "_test_accuracy", accuracy(c, e.getValue()));
                    }
                }
            } finally {
                org.hemareview.io.FileTrees.delete(dir);
            }
            results.add(r);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d | %s | %s | %.3f", n, r.getOrDefault("groups", "-"),
                    r.containsKey("seconds") ? String.format(Locale.ROOT, "%.0f", (double) r.get("seconds")) : "-", (double) r.get(lab + "_test_accuracy")));
            otherTests.keySet().forEach(o -> line.append(String.format(Locale.ROOT, " | %.3f", (double) r.get(o + "_test_accuracy"))));
            System.out.println(line);
        }
        if (json != null) {
            org.hemareview.io.AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(results));
        }
        return 0;
    }

    /** The test part of {@code labs} on the model's classes, at most {@code max} (a fixed shuffle). */
    private List<CellTable.Row> rows(CellTable table, Set<String> labs, List<String> classes, int max) {
        List<CellTable.Row> rows = new ArrayList<>(table.select(labs, "test").stream().filter(CellTable.Row::found).filter(r -> classes.contains(r.cls())).toList());
        Collections.shuffle(rows, new Random(seed + 17));
        return rows.subList(0, Math.min(max, rows.size()));
    }

    /** A fixed sample of the other labs' training crops, each its own group. */
    private List<CellTable.Row> rehearsal(CellTable table, List<String> classes) {
        List<CellTable.Row> rows = new ArrayList<>();
        for (String other : table.labs()) {
            if (!other.equals(lab)) {
                rows.addAll(table.select(Set.of(other), "train").stream().filter(CellTable.Row::found).filter(x -> classes.contains(x.cls())).toList());
            }
        }
        Collections.shuffle(rows, new Random(seed + 29));
        return rows.subList(0, Math.min(rehearse, rows.size())).stream()
                .map(x -> new CellTable.Row(x.path(), x.cls(), x.lab(), "rehearsal:" + x.lab() + ":" + x.group(), x.part())).toList();
    }

    /** Whole groups (smears, patients) in a random order until {@code n} cells: a lab reviews smear by smear. */
    static List<CellTable.Row> firstGroups(List<CellTable.Row> pool, int n, Random random) {
        Map<String, List<CellTable.Row>> byGroup = new LinkedHashMap<>();
        pool.forEach(r -> byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r));
        List<String> groups = new ArrayList<>(byGroup.keySet());
        Collections.shuffle(groups, random);
        List<CellTable.Row> out = new ArrayList<>();
        for (String g : groups) {
            if (out.size() >= n) {
                break;
            }
            List<CellTable.Row> cellsOf = new ArrayList<>(byGroup.get(g));
            Collections.shuffle(cellsOf, random);
            out.addAll(cellsOf.subList(0, Math.min(cellsOf.size(), n - out.size())));
        }
        return out;
    }

    private static List<String> groupsOf(List<CellTable.Row> rows) {
        return rows.stream().map(CellTable.Row::group).toList();
    }

    private static double accuracy(CellClassifier c, CropDataset set) {
        List<Prediction> p = c.classifyResized(set.images());
        return Evaluation.of(set.classes(), set.labels(), p.stream().map(Prediction::probabilities).toArray(float[][]::new)).accuracy();
    }
}
