package org.hemareview.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.NewCell;
import org.hemareview.review.NewSmear;
import org.hemareview.review.Workspace;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a test: the wizard's own "adapt to this lab" run, timed from Next on the settings page to
 * the result, on 200 cells of a lab the bundled model never saw (DeepAPL, whole patients as
 * smears, the eight classes it knows, decided with their true class), without and with the
 * learning curve. Run: {@code mvn -B test -Dgroups=benchmark -Dbench.excluded=none -Dtest=AdaptWizardBenchmark}
 * ({@code -Dbench.cells=N} for another count). Skips without ../shared/data/deepapl.
 */
@Tag("benchmark")
class AdaptWizardBenchmark extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    @Test
    void adaptingWith200CellsOfANewLab(FxRobot robot) throws Exception {
        Path deepapl = TestFiles.sharedData().map(d -> d.resolve("deepapl")).filter(d -> Files.isRegularFile(d.resolve("labels.csv"))).orElse(null);
        Assumptions.assumeTrue(deepapl != null, "../shared/data/deepapl is absent: the adapt benchmark needs a lab's real cells");
        int n = Integer.getInteger("bench.cells", 200);
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        decidePatients(workspace, deepapl, window.classifierProperty().get().manifest().classes(), n);
        window.models().offerReclassify = false;
        for (boolean curve : new boolean[] {false, true}) {
            TrainingWizard[] wizard = new TrainingWizard[1];
            robot.interact(() -> wizard[0] = window.models().openTrainingWizard());
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !wizard[0].next.isDisabled());
            robot.interact(() -> wizard[0].go(1));
            robot.interact(() -> wizard[0].go(2));
            WizardModelPage model = (WizardModelPage) wizard[0].page();
            robot.interact(() -> {
                model.adapt.setSelected(true);
                model.curve.setSelected(curve);
            });
            long t0 = System.nanoTime();
            robot.interact(() -> wizard[0].next.fire());
            WaitForAsyncUtils.waitFor(30, TimeUnit.MINUTES, () -> !wizard[0].next.isDisabled());
            double seconds = (System.nanoTime() - t0) / 1e9;
            var o = wizard[0].state.outcome;
            System.out.printf(java.util.Locale.ROOT, "adapt wizard: %d cells (train %d, validation %d, test %d), curve %s: %.0f s; test accuracy active %.3f, new %.3f; "
                            + "reference %s; curve %s%n", n, o.trainCells(), o.validationCells(), o.testCells(), curve ? "on" : "off", seconds,
                    o.activeOnTest().map(s -> s.evaluation().accuracy()).orElse(Double.NaN), o.newOnTest().evaluation().accuracy(),
                    o.onReference().map(r -> String.format(java.util.Locale.ROOT, "new %.3f active %.3f", r.fresh().evaluation().accuracy(),
                            r.active().map(a -> a.evaluation().accuracy()).orElse(Double.NaN))).orElse("-"), o.curve());
            robot.interact(() -> wizard[0].stage.close());
        }
    }

    /**
     * Whole patients in a fixed random order until {@code n} cells of the model's classes, each
     * patient a smear, decided with the true class; a class with a single cell among them is left
     * undecided (as a reviewer marks it unsure: the wizard asks for two of a class).
     */
    static void decidePatients(Workspace ws, Path deepapl, List<String> classes, int n) throws Exception {
        Map<String, List<String[]>> byPatient = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(deepapl.resolve("labels.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (classes.contains(f[1])) {
                byPatient.computeIfAbsent(f[3], p -> new ArrayList<>()).add(f);
            }
        }
        List<String> patients = new ArrayList<>(byPatient.keySet());
        Collections.shuffle(patients, new Random(18));
        Map<String, List<String[]>> chosen = new LinkedHashMap<>();
        int total = 0;
        for (String patient : patients) {
            for (String[] f : byPatient.get(patient)) {
                if (total < n) {
                    chosen.computeIfAbsent(patient, p -> new ArrayList<>()).add(f);
                    total++;
                }
            }
        }
        Map<String, Long> perClass = chosen.values().stream().flatMap(List::stream)
                .collect(java.util.stream.Collectors.groupingBy(f -> f[1], java.util.stream.Collectors.counting()));
        for (Map.Entry<String, List<String[]>> e : chosen.entrySet()) {
            List<String[]> kept = e.getValue().stream().filter(f -> perClass.get(f[1]) >= 2).toList();
            long smear = ws.smears().register(new NewSmear(Path.of("/deepapl/" + e.getKey() + ".jpg"), "sha-" + e.getKey(), 2560, 1920, null), "bench")
                    .smear().id();
            List<NewCell> cells = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) {
                cells.add(new NewCell(List.of(new int[] {0, 0}, new int[] {9, 0}, new int[] {9, 9}), new org.hemareview.geometry.Box(i * 20, 0, 10, 10), 50,
                        new double[] {i * 20 + 5, 5}, false, Files.readAllBytes(deepapl.resolve(kept.get(i)[0]))));
            }
            List<Cell> stored = ws.cells().replace(smear, cells, 0.05, "given", "bench");
            for (int i = 0; i < stored.size(); i++) {
                ws.decisions().decide(stored.get(i).id(), "dr-bench", kept.get(i)[1], Decision.Kind.ASSIGN, null);
            }
        }
        System.out.println("decided DeepAPL cells per class: " + perClass + " (classes with one cell left undecided), "
                + chosen.size() + " patients");
    }
}
