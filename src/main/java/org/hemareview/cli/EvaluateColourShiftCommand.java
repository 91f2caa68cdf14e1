package org.hemareview.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.hemareview.model.ColourShift;
import org.hemareview.train.CellTable;
import org.hemareview.train.CropDataset;
import org.hemareview.train.Evaluation;
import org.hemareview.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate-colour-shift}: the colour shift score ({@link ColourShift}) left one lab out at a time, on crops
 * read and sampled as training and {@code fit-shift} read them: the reference is the other labs' train part (up to
 * {@link TrainingRun#COLOUR_PER_LAB} each), the threshold their val part, and the AUROC separates the left-out lab's
 * test crops from the other labs' test crops. No network is involved.
 */
@Command(name = "evaluate-colour-shift", mixinStandardHelpOptions = true,
        description = "Leave one lab out: how well each crop's own colours tell a lab not in the reference from the labs in it.")
final class EvaluateColourShiftCommand implements Callable<Integer> {
    @Option(names = "--cells", required = true, paramLabel = "CELLS.csv", description = "A prepare-cells table.")
    Path cells;

    @Option(names = "--k", split = ",", defaultValue = "5,10,20", description = "Neighbours to compare (default ${DEFAULT-VALUE}).")
    List<Integer> ks;

    @Option(names = "--size", defaultValue = "128", description = "Crops are scored at this side, as a model of that input size "
            + "scores them (default ${DEFAULT-VALUE}, the bundled model's).")
    int size;

    @Option(names = "--test-per-lab", defaultValue = "400", description = "Val- and test-part crops per lab (default ${DEFAULT-VALUE}).")
    int testPerLab;

    @Option(names = "--quantile", defaultValue = "0.95", description = "Share of in-lab val crops below the threshold (default ${DEFAULT-VALUE}).")
    double quantile;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws Exception {
        CellTable table = CellTable.read(cells);
        TreeSet<String> labs = new TreeSet<>();
        table.rows().forEach(r -> labs.add(r.lab()));
        List<String> classes = List.copyOf(new TreeSet<>(table.rows().stream().map(CellTable.Row::cls).toList()));
        // per lab: the reference the product would keep of its train part (TrainingRun.colourReference), and
        // up to --test-per-lab crops of its val and test parts, each read once
        Map<String, Map<String, float[][]>> features = new LinkedHashMap<>();
        Random rnd = new Random(seed);
        for (String lab : labs) {
            Map<String, float[][]> parts = new LinkedHashMap<>();
            for (String part : List.of("train", "val", "test")) {
                List<CellTable.Row> rows = new ArrayList<>(table.select(Set.of(lab), part).stream().filter(CellTable.Row::found).toList());
                java.util.Collections.shuffle(rows, rnd);
                int n = Math.min(rows.size(), part.equals("train") ? TrainingRun.COLOUR_PER_LAB : testPerLab);
                CropDataset crops = CropDataset.load(table, rows.subList(0, n), classes, size);
                parts.put(part, part.equals("train") ? TrainingRun.colourReference(crops) : TrainingRun.colourFeatures(crops));
            }
            features.put(lab, parts);
            System.out.printf(Locale.ROOT, "%s: %d train, %d val, %d test crops%n", lab, parts.get("train").length, parts.get("val").length, parts.get("test").length);
        }
        Map<String, Map<Integer, Double>> auroc = new LinkedHashMap<>();
        for (String out : labs) {
            List<String> in = labs.stream().filter(l -> !l.equals(out)).toList();
            float[][] reference = concat(in, features, "train");
            float[][] val = concat(in, features, "val");
            float[][] inTest = concat(in, features, "test");
            float[][] outTest = features.get(out).get("test");
            Map<Integer, Double> byK = new LinkedHashMap<>();
            for (int k : ks) {
                ColourShift shift = ColourShift.fit(reference, val, k, quantile, String.join("+", in));
                double[] scores = new double[inTest.length + outTest.length];
                boolean[] positive = new boolean[scores.length];
                int flaggedIn = 0;
                int flaggedOut = 0;
                for (int i = 0; i < inTest.length; i++) {
                    scores[i] = shift.score(inTest[i]);
                    flaggedIn += shift.isUnlike(scores[i]) ? 1 : 0;
                }
                for (int i = 0; i < outTest.length; i++) {
                    scores[inTest.length + i] = shift.score(outTest[i]);
                    positive[inTest.length + i] = true;
                    flaggedOut += shift.isUnlike(scores[inTest.length + i]) ? 1 : 0;
                }
                double a = Evaluation.auroc(scores, positive);
                byK.put(k, a);
                System.out.printf(Locale.ROOT, "%s left out, k %d: AUROC %.3f; flagged %.3f of its test crops, %.3f of the other labs'%n",
                        out, k, a, flaggedOut / (double) outTest.length, flaggedIn / (double) inTest.length);
            }
            auroc.put(out, byK);
        }
        // each lab's k chosen on the other left-out runs, never on its own
        for (String out : labs) {
            int best = ks.get(0);
            double bestMean = Double.NEGATIVE_INFINITY;
            for (int k : ks) {
                double mean = labs.stream().filter(l -> !l.equals(out)).mapToDouble(l -> auroc.get(l).get(k)).average().orElse(Double.NaN);
                if (mean > bestMean) {
                    bestMean = mean;
                    best = k;
                }
            }
            System.out.printf(Locale.ROOT, "%s left out: k %d chosen on the other labs (mean AUROC %.3f), AUROC %.3f%n", out, best, bestMean, auroc.get(out).get(best));
        }
        return 0;
    }

    private static float[][] concat(List<String> labs, Map<String, Map<String, float[][]>> features, String part) {
        return labs.stream().flatMap(l -> java.util.Arrays.stream(features.get(l).get(part))).toArray(float[][]::new);
    }
}
