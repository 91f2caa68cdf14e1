package org.hemareview.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.Prediction;
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;
import org.hemareview.model.ModelPackageException;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Workspace;
import org.opencv.core.Mat;
import org.hemareview.segment.Crop;

/**
 * Retrains from reviewer decisions: train on the train part, pick the best epoch and calibrate
 * on the validation part, then score the new model and the active one on the same test part,
 * and register the new version (not promoted: a person decides).
 */
public final class Retraining {
    /**
     * The result: the registered version and both models' scores on the test part, and on the
     * reference crops of another lab where there were any.
     */
    public record Outcome(ModelRegistry.Entry registered, Scores newOnTest, Optional<Scores> activeOnTest, TrainingResult training,
                          int trainCells, int validationCells, int testCells, Optional<ReferenceScores> onReference, List<CurvePoint> curve) {
    }

    /**
     * One point of the learning curve: accuracy on the test part after training with {@code cells}
     * of the training part's reviewed cells (0: the active model as it is; the last point: the run itself).
     */
    public record CurvePoint(int cells, double accuracy) {
    }

    /**
     * Crops of a lab the active model learnt from, in ImageFolder layout: {@code rehearsal} is mixed
     * into the training part (so an adaptation to this workspace's lab does not forget that one),
     * {@code check} scores both models (what the new version keeps of it).
     */
    public record Reference(String name, Optional<Path> rehearsal, Path check) {
    }

    /** Both models on the reference's check crops. */
    public record ReferenceScores(String name, int cells, Scores fresh, Optional<Scores> active, int rehearsalCrops) {
    }

    /** A model's scores on some cells, with what they came from (for ROC curves). */
    public record Scores(Evaluation evaluation, int[] truth, float[][] probabilities) {
    }

    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(Retraining.class);
    private final Workspace workspace;
    private final ModelRegistry registry;
    private final Optional<Reference> reference;
    private final List<Integer> curveCounts;

    public Retraining(Workspace workspace, ModelRegistry registry) {
        this(workspace, registry, Optional.empty());
    }

    public Retraining(Workspace workspace, ModelRegistry registry, Optional<Reference> reference) {
        this(workspace, registry, reference, List.of());
    }

    private Retraining(Workspace workspace, ModelRegistry registry, Optional<Reference> reference, List<Integer> curveCounts) {
        this.workspace = workspace;
        this.registry = registry;
        this.reference = reference;
        this.curveCounts = List.copyOf(curveCounts);
    }

    /**
     * Also measures the learning curve: one more run (same settings, same start) for each count
     * below the training part's size, on that many of its cells, each scored on the test part.
     */
    public Retraining withCurve(List<Integer> counts) {
        return new Retraining(workspace, registry, reference, counts);
    }

    /**
     * @param fineTuneFrom the active model's folder to start from, or empty to train from scratch
     *                     (fine-tuning needs the same architecture and classes)
     */
    public Outcome run(DecisionData data, TrainingConfig config, Optional<Path> fineTuneFrom, String version, String actor,
                       TrainingListener listener) throws IOException {
        int size = config.architecture().inputSize();
        CropDataset reviewed = data.part(GroupedSplit.Part.TRAIN, size);
        CropDataset rehearsal = reference.flatMap(Reference::rehearsal).map(dir -> crops(dir, data.classes(), size)).orElse(null);
        CropDataset train = repeatedToAtLeast(rehearsal == null || reviewed.size() == 0 ? reviewed : reviewed.concat(rehearsal), LabAdaptation.MIN_DRAWS);
        CropDataset val = data.part(GroupedSplit.Part.VALIDATION, size);
        if (train.size() == 0 || val.size() == 0) {
            throw new IOException("not enough reviewed cells: " + train.size() + " for training and " + val.size()
                    + " for validation after the split by smear (decide more cells, on more smears)");
        }
        byte[] initial = null;
        if (fineTuneFrom.isPresent()) {
            Manifest from = ModelPackage.readManifest(fineTuneFrom.get());
            if (!from.architecture().equals(config.architecture()) || !from.classes().equals(data.classes())) {
                throw new ModelPackageException("cannot fine-tune " + from.name() + " " + from.version()
                        + ": its architecture or classes differ from the chosen ones; train from scratch instead");
            }
            initial = Files.readAllBytes(fineTuneFrom.get().resolve(from.weights()));
        }
        TrainingResult r = new TrainingRun(config).run(train, val, initial, listener);
        if (listener.discardRequested()) {
            throw new java.util.concurrent.CancellationException("training abandoned; nothing registered");
        }
        List<Integer> testIdx = indices(data, GroupedSplit.Part.TEST);
        Path tmp = Files.createTempDirectory(registry.directory(), ".training");
        List<Mat> testCrops = List.of();
        try {
            testCrops = decode(data, testIdx); // decoded once, scored by both models
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("data", "reviewer decisions of workspace " + workspace.file().getFileName());
            facts.put("split", "7:1:2 by smear (train " + reviewed.size() + ", validation " + val.size() + ", test " + testIdx.size() + " cells)");
            facts.put("train_crops", reviewed.size());
            facts.put("train_per_class", java.util.Arrays.toString(reviewed.classCounts()));
            facts.put("validation_crops", val.size());
            facts.put("start", fineTuneFrom.map(p -> "fine-tuned from " + p.getFileName()).orElse("from scratch"));
            if (rehearsal != null) {
                facts.put("rehearsal", rehearsal.size() + " crops of " + reference.get().name() + " mixed into training");
            }
            Manifest draft = TrainingManifest.of("hemareview-" + config.architecture().name(), version, config, data.classes(), facts, r,
                    "validation part of the decisions", r.bestEvaluation());
            ModelPackage.write(tmp, draft, r.bestWeights(), ModelCard.of(draft, r, "training wizard / Retraining, workspace " + workspace.file()));
            Scores newOnTest = evaluate(tmp, data, testIdx, testCrops);
            Manifest scored = withTestMetrics(ModelPackage.readManifest(tmp), newOnTest.evaluation(), testIdx.size());
            ModelPackage.rewriteManifest(tmp, scored, ModelCard.of(scored, r, "training wizard / Retraining, workspace " + workspace.file()));
            Optional<Scores> activeOnTest = Optional.empty();
            Optional<ModelRegistry.Entry> active = registry.active();
            if (active.isPresent() && active.get().manifest().classes().containsAll(data.classes()) && !testIdx.isEmpty()) {
                activeOnTest = Optional.of(evaluate(active.get().folder(), data, testIdx, testCrops));
            }
            List<CurvePoint> curve = curveCounts.isEmpty() || testIdx.isEmpty() ? List.of()
                    : curve(data, config, initial, reviewed, rehearsal, val, activeOnTest, newOnTest, testIdx, testCrops, listener);
            if (listener.discardRequested()) {
                throw new java.util.concurrent.CancellationException("training abandoned; nothing registered");
            }
            Optional<ReferenceScores> onReference = Optional.empty();
            try {
                onReference = scoreReference(tmp, active, data.classes(), rehearsal);
            } catch (ModelPackageException | RuntimeException e) {
                // the reference is extra information: a failure there must not lose the trained version
                logger.warn("reference crops not scored: {}", e.getMessage());
            }
            ModelRegistry.Entry entry = registry.register(tmp, ModelRegistry.Source.TRAINED, actor);
            return new Outcome(entry, newOnTest, activeOnTest, r, reviewed.size(), val.size(), testIdx.size(), onReference, curve);
        } finally {
            testCrops.forEach(Mat::release);
            org.hemareview.io.FileTrees.delete(tmp);
        }
    }

    /**
     * The learning curve: the active model (0 cells), one run per count below the training part's
     * size on a random draw of that many of its cells (the rehearsal crops mixed in as in the run
     * itself), and the run itself. A stop ends the curve where it is (a stopped run is no point).
     */
    private List<CurvePoint> curve(DecisionData data, TrainingConfig config, byte[] initial, CropDataset reviewed, CropDataset rehearsal,
                                   CropDataset val, Optional<Scores> activeOnTest, Scores newOnTest, List<Integer> testIdx, List<Mat> testCrops,
                                   TrainingListener listener) throws IOException {
        List<CurvePoint> points = new ArrayList<>();
        activeOnTest.ifPresent(a -> points.add(new CurvePoint(0, a.evaluation().accuracy())));
        List<Integer> counts = curveCounts.stream().filter(n -> n > 0 && n < reviewed.size()).distinct().sorted().toList();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < reviewed.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(config.seed() + 41));
        TrainingListener quiet = new TrainingListener() { // progress and stop, not the run's epoch charts
            @Override
            public void onBatch(int epoch, int batch, int batches) {
                listener.onBatch(epoch, batch, batches);
            }

            @Override
            public boolean stopRequested() {
                return listener.stopRequested();
            }
        };
        for (int k = 0; k < counts.size() && !listener.stopRequested(); k++) {
            int n = counts.get(k);
            listener.onCurveRun(n, k + 1, counts.size());
            CropDataset part = reviewed.subset(order.subList(0, n).stream().mapToInt(Integer::intValue).toArray());
            CropDataset train = repeatedToAtLeast(rehearsal == null ? part : part.concat(rehearsal), LabAdaptation.MIN_DRAWS);
            TrainingResult r = new TrainingRun(config).run(train, val, initial, quiet);
            if (listener.stopRequested()) {
                break;
            }
            Path dir = Files.createTempDirectory(registry.directory(), ".curve");
            try {
                Manifest m = TrainingManifest.of("hemareview-" + config.architecture().name(), "curve-" + n, config, data.classes(), Map.of(), r,
                        "validation part of the decisions", r.bestEvaluation());
                ModelPackage.write(dir, m, r.bestWeights(), "# learning-curve point, " + n + " cells (not registered)\n");
                points.add(new CurvePoint(n, evaluate(dir, data, testIdx, testCrops).evaluation().accuracy()));
            } finally {
                org.hemareview.io.FileTrees.delete(dir);
            }
            logger.info("learning curve: {} cells -> {}", n, points.get(points.size() - 1).accuracy());
        }
        points.add(new CurvePoint(reviewed.size(), newOnTest.evaluation().accuracy()));
        return List.copyOf(points);
    }

    /** Both models on the reference's check crops, or empty without a reference (or crops of these classes). */
    private Optional<ReferenceScores> scoreReference(Path fresh, Optional<ModelRegistry.Entry> active, List<String> classes, CropDataset rehearsal)
            throws ModelPackageException {
        if (reference.isEmpty()) {
            return Optional.empty();
        }
        Path check = reference.get().check();
        Optional<Scores> scored = evaluate(fresh, check, classes);
        if (scored.isEmpty()) {
            return Optional.empty();
        }
        Optional<Scores> activeOnCheck = active.isPresent() && active.get().manifest().classes().containsAll(classes)
                ? evaluate(active.get().folder(), check, classes) : Optional.empty();
        return Optional.of(new ReferenceScores(reference.get().name(), scored.get().truth().length, scored.get(), activeOnCheck,
                rehearsal == null ? 0 : rehearsal.size()));
    }

    /**
     * A lab's first few cells are fewer than one batch: each epoch draws them again (augmented each
     * time) up to {@code n} crops, so a run on 25 cells trains instead of stopping on an empty epoch.
     */
    static CropDataset repeatedToAtLeast(CropDataset set, int n) {
        if (set.size() == 0 || set.size() >= n) {
            return set;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i % set.size();
        }
        return set.subset(order);
    }

    /** An ImageFolder's crops of the given classes (folders of other classes left out), or null where it cannot be read. */
    private static CropDataset crops(Path dir, List<String> classes, int size) {
        try {
            return CropDataset.load(dir, classes, size);
        } catch (IOException | RuntimeException e) {
            logger.warn("reference crops {} not used: {}", dir, e.getMessage());
            return null;
        }
    }

    /** A model on reference crops (read at its own input size), classes matched by name; empty where there are none to score. */
    private static Optional<Scores> evaluate(Path modelDir, Path checkDir, List<String> classes) throws ModelPackageException {
        try (CellClassifier c = CellClassifier.load(modelDir, ComputeDevice.detect())) {
            CropDataset set = crops(checkDir, classes, c.manifest().inputSize());
            if (set == null || set.size() == 0) {
                return Optional.empty();
            }
            float[][] probs = onClasses(c.manifest().classes(), c.classifyResized(set.images()), set.classes());
            return Optional.of(new Scores(Evaluation.of(set.classes(), set.labels(), probs), set.labels(), probs));
        }
    }

    /** Each call's probabilities on {@code classes}, matched by name (0 for a class the model lacks). */
    private static float[][] onClasses(List<String> modelClasses, List<Prediction> ps, List<String> classes) {
        float[][] probs = new float[ps.size()][classes.size()];
        for (int j = 0; j < ps.size(); j++) {
            for (int k = 0; k < classes.size(); k++) {
                int mi = modelClasses.indexOf(classes.get(k));
                probs[j][k] = mi < 0 ? 0 : ps.get(j).probabilities()[mi];
            }
        }
        return probs;
    }

    private static Manifest withTestMetrics(Manifest m, Evaluation e, int n) {
        Map<String, Object> metrics = new LinkedHashMap<>(m.metrics());
        metrics.put("test_on", "test part of the decisions (" + n + " cells, smears not seen in training)");
        metrics.put("test_accuracy", e.accuracy());
        metrics.put("test_macro_f1", e.macroF1());
        metrics.put("test_macro_auroc", e.macroAuroc());
        return m.withMetrics(metrics);
    }

    private static List<Integer> indices(DecisionData data, GroupedSplit.Part part) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (data.split().partOfCell().get(data.cellIds().get(i)) == part) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<Mat> decode(DecisionData data, List<Integer> which) {
        List<Mat> crops = new ArrayList<>(which.size());
        for (int i : which) {
            crops.add(Crop.fromPng(data.crops().get(i), Double.NaN).pixels());
        }
        return crops;
    }

    /**
     * A model package scored on some of the decided crops, classes matched by name; {@code crops}
     * are the decoded crops of {@code which}, in order, and the caller releases them.
     */
    private static Scores evaluate(Path modelDir, DecisionData data, List<Integer> which, List<Mat> crops) throws ModelPackageException {
        try (CellClassifier c = CellClassifier.load(modelDir, ComputeDevice.detect())) {
            float[][] probs = onClasses(c.manifest().classes(), c.classify(crops), data.classes());
            int[] truth = new int[which.size()];
            for (int j = 0; j < which.size(); j++) {
                truth[j] = data.labels()[which.get(j)];
            }
            return new Scores(Evaluation.of(data.classes(), truth, probs), truth, probs);
        }
    }
}
