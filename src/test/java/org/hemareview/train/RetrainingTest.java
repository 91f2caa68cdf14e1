package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hemareview.TestFiles;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.InputEncoder;
import org.hemareview.classify.TinyModels;
import org.hemareview.model.DefaultModel;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.NewCell;
import org.hemareview.review.NewSmear;
import org.hemareview.review.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hemareview.analysis.ModelAudit;

/**
 * End to end, headless: a workspace whose decisions are real PBC crops (../shared/data/pbc when
 * present, else the PBC crops in sample-data) is retrained for one short epoch with a tiny
 * network; the new version is registered with its metrics; promotion switches the classifier
 * and rollback switches it back; all audited.
 */
public class RetrainingTest {
    @TempDir
    Path dir;

    /** The class folders {@link #decideRealCrops} decides from: PBC's train part where ../shared has it, else the sample crops. */
    static Path decidedCropsRoot() {
        return TestFiles.sharedData().map(d -> d.resolve("pbc/train")).filter(Files::isDirectory)
                .orElse(TestFiles.samples().resolve("pbc-cells"));
    }

    /** Real PBC crops, {@code perSmear} per "smear", decided by a reviewer with their true class. */
    public static void decideRealCrops(Workspace ws, int perClass, int perSmear) throws Exception {
        Path root = decidedCropsRoot();
        List<Path> files = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try (Stream<Path> classes = Files.list(root)) {
            for (Path c : classes.sorted().toList()) {
                try (Stream<Path> imgs = Files.list(c)) {
                    imgs.sorted().limit(perClass).forEach(p -> {
                        files.add(p);
                        labels.add(c.getFileName().toString());
                    });
                }
            }
        }
        // interleave classes so each smear holds a mix, as a real smear does
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(4));
        for (int s = 0; s * perSmear < order.size(); s++) {
            long smear = ws.smears().register(new NewSmear(Path.of("/smears/s" + s + ".jpg"), "sha-" + s, 2560, 1920, null), "t").smear().id();
            List<NewCell> cells = new ArrayList<>();
            List<String> truth = new ArrayList<>();
            for (int i = s * perSmear; i < Math.min(order.size(), (s + 1) * perSmear); i++) {
                int k = order.get(i);
                cells.add(new NewCell(List.of(new int[] {0, 0}, new int[] {9, 0}, new int[] {9, 9}), new org.hemareview.geometry.Box(i * 20, 0, 10, 10), 50,
                        new double[] {i * 20 + 5, 5}, false, Files.readAllBytes(files.get(k))));
                truth.add(labels.get(k));
            }
            List<Cell> stored = ws.cells().replace(smear, cells, 0.05, "given", "t");
            for (int i = 0; i < stored.size(); i++) {
                ws.decisions().decide(stored.get(i).id(), "dr-a", truth.get(i), Decision.Kind.ASSIGN, null);
            }
        }
    }

    @Test
    void retrainRegisterPromoteAndRollBack() throws Exception {
        boolean shared = TestFiles.sharedData().map(d -> Files.isDirectory(d.resolve("pbc/train"))).orElse(false);
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            decideRealCrops(ws, shared ? 15 : 2, shared ? 8 : 2);
            ModelRegistry registry = ModelRegistry.open(dir.resolve("ws-models"), DefaultModel.folder(), "dr-a", ModelAudit.into(ws));
            ModelRegistry.Entry bundled = registry.active().orElseThrow();
            List<String> classes = bundled.manifest().classes();

            DecisionData data = DecisionData.fromWorkspace(ws, classes, 5, 3);
            assertEquals(shared ? 120 : 16, data.size());
            // with ../shared every PBC class gets 15 cells; the model's other classes (a ten-class model's blast, smudge) get none
            List<String> neverDecided = classes.stream().filter(c -> !Files.isDirectory(decidedCropsRoot().resolve(c))).toList();
            assertEquals(shared ? neverDecided : classes, data.tooFew(), "classes with fewer than 5 decided cells are flagged");

            TrainingConfig config = new TrainingConfig(TinyModels.spec(), InputEncoder.ColourSpace.HSV, 1, 8, 3e-3f, 1e-4f, 1f, 0.05f, true, 7);
            Retraining.Outcome o = new Retraining(ws, registry).run(data, config, Optional.empty(), "test-1", "dr-a", new TrainingListener() { });
            assertTrue(o.trainCells() > 0 && o.validationCells() > 0);
            assertEquals(data.size(), o.trainCells() + o.validationCells() + o.testCells());
            ModelRegistry.Entry fresh = o.registered();
            assertEquals(ModelRegistry.Source.TRAINED, fresh.source());
            assertEquals(bundled.id(), registry.active().orElseThrow().id(), "a new version is not active until a person promotes it");
            assertTrue(fresh.manifest().metrics().containsKey("accuracy"), "metrics stored with the version");
            if (o.testCells() > 0) {
                assertTrue(fresh.manifest().metrics().containsKey("test_accuracy"));
                assertTrue(o.activeOnTest().isPresent(), "the active model is scored on the same test cells");
            }

            registry.promote(fresh.id(), "dr-b");
            try (CellClassifier c = CellClassifier.load(registry.active().orElseThrow().folder(), ComputeDevice.detect())) {
                assertEquals(fresh.manifest().weightsSha256(), c.manifest().weightsSha256(), "the classifier now runs the new version");
                assertEquals(48, c.manifest().inputSize());
            }
            registry.rollback("dr-b");
            try (CellClassifier c = CellClassifier.load(registry.active().orElseThrow().folder(), ComputeDevice.detect())) {
                assertEquals(bundled.manifest().weightsSha256(), c.manifest().weightsSha256(), "rolled back to the previous version");
            }
            List<String> actions = ws.audit().latest(10).stream().map(e -> e.action()).toList();
            assertTrue(actions.containsAll(List.of("model.registered", "model.promoted", "model.rolled_back")), actions.toString());
            assertFalse(ws.audit().latest(10).stream().filter(e -> e.action().equals("model.promoted")).anyMatch(e -> !e.actor().startsWith("dr-")));
        }
    }

    @Test
    void theLearningCurveIsOneRunPerSmallerCountScoredOnTheSameTestCellsAndNothingMoreIsRegistered() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            decideRealCrops(ws, 4, 4); // 32 cells on 8 smears
            ModelRegistry registry = ModelRegistry.open(dir.resolve("ws-models"), DefaultModel.folder(), "dr-a", ModelAudit.into(ws));
            DecisionData data = DecisionData.fromWorkspace(ws, registry.active().orElseThrow().manifest().classes(), 2, 3);
            TrainingConfig config = new TrainingConfig(TinyModels.spec(), InputEncoder.ColourSpace.HSV, 1, 8, 3e-3f, 1e-4f, 1f, 0.05f, true, 7);
            List<int[]> runs = new ArrayList<>();
            int before = registry.list().size();
            Retraining.Outcome o = new Retraining(ws, registry).withCurve(List.of(3, 6, 1000)).run(data, config, Optional.empty(), "curve-1", "dr-a",
                    new TrainingListener() {
                        @Override
                        public void onCurveRun(int cells, int index, int of) {
                            runs.add(new int[] {cells, index, of});
                        }
                    });
            assertTrue(o.testCells() > 0 && o.trainCells() > 6, "the split leaves room for the curve: " + o.trainCells() + " train cells");
            assertEquals(List.of(3, 6), runs.stream().map(r -> r[0]).toList(), "one run per count below the training part's size, in order");
            assertEquals(List.of(2, 2), runs.stream().map(r -> r[2]).toList());
            List<Integer> cells = o.curve().stream().map(Retraining.CurvePoint::cells).toList();
            assertEquals(List.of(0, 3, 6, o.trainCells()), cells, "the active model, the two runs, the run itself");
            assertEquals(o.activeOnTest().orElseThrow().evaluation().accuracy(), o.curve().get(0).accuracy(), 1e-12);
            assertEquals(o.newOnTest().evaluation().accuracy(), o.curve().get(3).accuracy(), 1e-12);
            o.curve().forEach(p -> assertTrue(p.accuracy() >= 0 && p.accuracy() <= 1, p.toString()));
            assertEquals(before + 1, registry.list().size(), "the curve's runs are measured, not registered");
        }
    }

    @Test
    void withoutACurveRequestedNoneIsMeasured() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            decideRealCrops(ws, 2, 2);
            ModelRegistry registry = ModelRegistry.open(dir.resolve("ws-models"), DefaultModel.folder(), "dr-a", ModelAudit.into(ws));
            DecisionData data = DecisionData.fromWorkspace(ws, registry.active().orElseThrow().manifest().classes(), 1, 3);
            TrainingConfig config = new TrainingConfig(TinyModels.spec(), InputEncoder.ColourSpace.HSV, 1, 8, 3e-3f, 1e-4f, 1f, 0.05f, true, 7);
            assertEquals(List.of(), new Retraining(ws, registry).run(data, config, Optional.empty(), "c-0", "dr-a", new TrainingListener() { }).curve());
        }
    }
}
