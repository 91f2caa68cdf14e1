package org.hemareview.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.Prediction;
import org.hemareview.train.CellTable;
import org.hemareview.train.CropDataset;
import org.hemareview.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate-labs}: models side by side on each lab of a cell table. A lab is scored on the
 * classes it shares with the model (a model that never saw a blast is not counted wrong on one);
 * cells the segmenter did not find count as wrong in the end-to-end figure. Blast detection is
 * reported at the model's own call and at the threshold that keeps specificity >= 0.95 on the
 * lab's val part (the operating point chosen before the test part is looked at).
 */
@Command(name = "evaluate-labs", mixinStandardHelpOptions = true, description = "Score models per lab of a cell table (prepare-cells); print a table, write JSON.")
final class EvaluateLabsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "Model package; repeat to compare models side by side.")
    List<Path> models;

    @Option(names = "--cells", required = true, paramLabel = "CELLS.csv")
    Path cells;

    @Option(names = "--part", defaultValue = "test", description = "train, val or test (default ${DEFAULT-VALUE}).")
    String part;

    @Option(names = "--labs", split = ",", description = "Labs to score (default: all in the table).")
    List<String> labs = List.of();

    @Option(names = "--adapt-bn", description = "Before scoring a lab, re-estimate the model's batch-norm statistics on that lab's train-part crops (unlabelled).")
    boolean adaptBn;

    @Option(names = "--in-labs", split = ",", description = "The labs the model was trained on: every other lab's shift scores are compared with "
            + "theirs (AUROC, this part's cells of both).")
    List<String> inLabs = List.of();

    @Option(names = "--json", paramLabel = "OUT.json")
    Path json;

    @Override
    public Integer call() throws Exception {
        CellTable table = CellTable.read(cells);
        Set<String> chosen = labs.isEmpty() ? table.labs() : new TreeSet<>(labs);
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, double[]> shiftByModelLab = new LinkedHashMap<>();
        System.out.println("model | lab | cells | accuracy (found) | end to end | macro recall | blast sens / spec (call) | blast sens at spec>=0.95 (val threshold)"
                + " | ECE at T=1 -> at the model's T | shift");
        for (Path m : models) {
            for (String lab : chosen) {
                // a fresh copy per lab: an adapted copy must not carry one lab's statistics to the next
                try (CellClassifier classifier = CellClassifier.load(ModelOption.resolve(m), ComputeDevice.detect())) {
                    List<String> classes = classifier.manifest().classes();
                    if (adaptBn) {
                        List<CellTable.Row> own = table.select(Set.of(lab), "train").stream().filter(CellTable.Row::found).toList();
                        CropDataset unlabelled = CropDataset.load(table, own, CellTable.classesOf(own), classifier.manifest().inputSize());
                        classifier.adaptNormalisation(unlabelled.images(), 3, 1);
                    }
                    Map<String, Object> r = score(classifier, table, lab, classes);
                    r.put("model", m.toString());
                    if (r.remove("shift_scores") instanceof double[] scores) {
                        shiftByModelLab.put(m + "\t" + lab, scores);
                    }
                    r.put("batch_norm_adapted_on_lab", adaptBn);
                    results.add(r);
                    System.out.println(line(r));
                }
            }
        }
        if (!inLabs.isEmpty()) {
            results.addAll(shiftSeparation(shiftByModelLab));
        }
        if (json != null) {
            org.hemareview.io.AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(results));
        }
        return 0;
    }

    private Map<String, Object> score(CellClassifier classifier, CellTable table, String lab, List<String> classes) throws Exception {
        List<CellTable.Row> rows = table.select(Set.of(lab), part).stream().filter(r -> classes.contains(r.cls())).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lab", lab);
        out.put("part", part);
        out.put("cells", rows.size());
        out.put("not_found_by_segmenter", rows.stream().filter(r -> !r.found()).count());
        out.put("classes_scored", CellTable.classesOf(rows));
        int size = classifier.manifest().inputSize();
        CropDataset set = CropDataset.load(table, rows, classes, size);
        List<Prediction> predictions = classifier.classifyResized(set.images());
        float[][] p = predictions.stream().map(Prediction::probabilities).toArray(float[][]::new);
        Evaluation e = Evaluation.of(classes, set.labels(), p);
        float[][] raw = predictions.stream().map(pr -> org.hemareview.classify.Calibration.softmax(pr.logits(), 1.0)).toArray(float[][]::new);
        out.put("ece_uncalibrated", Evaluation.expectedCalibrationError(raw, set.labels(), 15));
        out.put("ece", Evaluation.expectedCalibrationError(p, set.labels(), 15));
        out.put("temperature", classifier.manifest().temperature());
        if (classifier.manifest().shiftThreshold() != null) {
            double[] shift = predictions.stream().mapToDouble(Prediction::shift).toArray();
            out.put("shift_median", java.util.Arrays.stream(shift).sorted().skip(shift.length / 2).findFirst().orElse(Double.NaN));
            out.put("shift_flagged_share", predictions.stream().filter(Prediction::unlike).count() / (double) Math.max(1, predictions.size()));
            out.put("shift_threshold", classifier.manifest().shiftThreshold());
            out.put("shift_scores", shift);
        }
        out.put("accuracy", e.accuracy());
        out.put("end_to_end_accuracy", rows.isEmpty() ? 0 : e.accuracy() * set.size() / rows.size());
        double recall = e.perClass().stream().filter(c -> c.support() > 0).mapToDouble(c -> c.recall()).average().orElse(0);
        out.put("macro_recall_present_classes", recall);
        Map<String, Object> per = new LinkedHashMap<>();
        e.perClass().stream().filter(c -> c.support() > 0).forEach(c -> per.put(c.name(), Map.of("support", c.support(), "recall", c.recall(), "precision", c.precision())));
        out.put("per_class", per);
        out.put("confusion_matrix", e.confusion());
        out.put("classes", classes);
        int blast = classes.indexOf("blast");
        if (blast >= 0 && per.containsKey("blast")) {
            out.putAll(blastScores(classifier, table, lab, classes, set, p, blast));
        }
        return out;
    }

    private Map<String, Object> blastScores(CellClassifier classifier, CellTable table, String lab, List<String> classes, CropDataset set, float[][] p,
                                            int blast) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        int tp = 0, fn = 0, tn = 0, fp = 0;
        double[] s = new double[set.size()];
        boolean[] pos = new boolean[set.size()];
        for (int i = 0; i < set.size(); i++) {
            boolean isBlast = set.label(i) == blast;
            boolean called = Evaluation.argmax(p[i]) == blast;
            s[i] = p[i][blast];
            pos[i] = isBlast;
            if (isBlast) {
                tp += called ? 1 : 0;
                fn += called ? 0 : 1;
            } else {
                fp += called ? 1 : 0;
                tn += called ? 0 : 1;
            }
        }
        out.put("blast_sensitivity", tp / (double) Math.max(1, tp + fn));
        out.put("blast_specificity", tn / (double) Math.max(1, tn + fp));
        out.put("blast_auroc", Evaluation.auroc(s, pos));
        List<CellTable.Row> valRows = table.select(Set.of(lab), "val").stream().filter(r -> classes.contains(r.cls())).toList();
        if (!valRows.isEmpty()) {
            CropDataset val = CropDataset.load(table, valRows, classes, set.imageSize());
            float[][] pv = probabilities(classifier, val);
            List<Double> negatives = new ArrayList<>();
            for (int i = 0; i < val.size(); i++) {
                if (val.label(i) != blast) {
                    negatives.add((double) pv[i][blast]);
                }
            }
            negatives.sort(null);
            double threshold = negatives.isEmpty() ? 0.5 : negatives.get((int) Math.min(negatives.size() - 1, Math.ceil(negatives.size() * 0.95)));
            int tpt = 0, post = 0, tnt = 0, negt = 0;
            for (int i = 0; i < s.length; i++) {
                if (pos[i]) {
                    post++;
                    tpt += s[i] > threshold ? 1 : 0;
                } else {
                    negt++;
                    tnt += s[i] > threshold ? 0 : 1;
                }
            }
            out.put("blast_threshold_from_val", threshold);
            out.put("blast_sensitivity_at_threshold", tpt / (double) Math.max(1, post));
            out.put("blast_specificity_at_threshold", tnt / (double) Math.max(1, negt));
        }
        return out;
    }

    /** Per model: each lab not in {@link #inLabs} against the pooled cells of those in it. */
    private List<Map<String, Object>> shiftSeparation(Map<String, double[]> scores) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path m : models) {
            List<Double> in = new ArrayList<>();
            scores.forEach((key, s) -> {
                String[] k = key.split("\t");
                if (k[0].equals(m.toString()) && inLabs.contains(k[1])) {
                    java.util.Arrays.stream(s).forEach(in::add);
                }
            });
            scores.forEach((key, s) -> {
                String[] k = key.split("\t");
                if (!k[0].equals(m.toString()) || inLabs.contains(k[1]) || in.isEmpty()) {
                    return;
                }
                double[] all = new double[in.size() + s.length];
                boolean[] pos = new boolean[all.length];
                for (int i = 0; i < in.size(); i++) {
                    all[i] = in.get(i);
                }
                for (int i = 0; i < s.length; i++) {
                    all[in.size() + i] = s[i];
                    pos[in.size() + i] = true;
                }
                double auroc = Evaluation.auroc(all, pos);
                System.out.printf(Locale.ROOT, "%s | shift AUROC, %s (%d cells) against %s (%d cells): %.3f%n", m, k[1], s.length, inLabs, in.size(), auroc);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", m.toString());
                r.put("shift_auroc_lab", k[1]);
                r.put("against_labs", inLabs);
                r.put("shift_auroc", auroc);
                out.add(r);
            });
        }
        return out;
    }

    private static float[][] probabilities(CellClassifier classifier, CropDataset set) {
        return classifier.classifyResized(set.images()).stream().map(Prediction::probabilities).toArray(float[][]::new);
    }


    private static String line(Map<String, Object> r) {
        String blast = r.containsKey("blast_sensitivity") ? String.format(Locale.ROOT, "%.3f / %.3f", r.get("blast_sensitivity"), r.get("blast_specificity")) : "-";
        String at = r.containsKey("blast_sensitivity_at_threshold") ? String.format(Locale.ROOT, "%.3f (spec %.3f)", r.get("blast_sensitivity_at_threshold"),
                r.get("blast_specificity_at_threshold")) : "-";
        String shift = r.containsKey("shift_median") ? String.format(Locale.ROOT, " | shift median %.2f, flagged %.3f", r.get("shift_median"),
                r.get("shift_flagged_share")) : "";
        return String.format(Locale.ROOT, "%s | %s | %d | %.3f | %.3f | %.3f | %s | %s | ECE %.3f -> %.3f (T %.2f)%s", r.get("model"), r.get("lab"),
                r.get("cells"), r.get("accuracy"), r.get("end_to_end_accuracy"), r.get("macro_recall_present_classes"), blast, at,
                r.get("ece_uncalibrated"), r.get("ece"), r.get("temperature"), shift);
    }
}
