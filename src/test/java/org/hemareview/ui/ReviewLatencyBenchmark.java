package org.hemareview.ui;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Benchmark, not a test (excluded from {@code mvn test}): decides cells by key in the real window
 * and reports the key-event-to-UI-updated latency the app measures for every decision (the
 * event handler, the committed write on the writer thread, and the tile/counts update).
 * Run: {@code mvn -B test -Dgroups=benchmark -Dbench.excluded=none -Dtest=ReviewLatencyBenchmark}
 */
@Tag("benchmark")
class ReviewLatencyBenchmark extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true);
        p.setScale("0.05");
    }

    @Override
    boolean startWindow() {
        return false;
    }

    @Test
    void decisionLatency(FxRobot robot) throws Exception {
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        String[] keys = {"1", "ENTER", "2", "DELETE", "3"};
        int rounds = 0;
        for (int smear = 1; smear <= 5; smear++) {
            int n = smear;
            robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(n))));
            waitIdle();
            robot.interact(() -> window.gallery().selectedProperty().set(window.galleryItems().get(0)));
            robot.clickOn("#cellGallery");
            robot.interact(() -> window.gallery().selectedProperty().set(window.galleryItems().get(0)));
            for (int i = 0; i < window.cells().size(); i++) {
                String k = keys[rounds++ % keys.length];
                robot.type(k.equals("ENTER") ? KeyCode.ENTER : k.equals("DELETE") ? KeyCode.DELETE : KeyCode.getKeyCode(k));
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.review().idle());
            }
            WaitForAsyncUtils.waitForFxEvents();
        }
        List<Double> ms = window.review().latencies().stream().sorted().toList();
        System.out.printf("BENCH review: key to UI updated, %d decisions: median %.2f ms, p95 %.2f ms, max %.2f ms%n", ms.size(),
                ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.95)), ms.get(ms.size() - 1));
    }

    @Test
    void galleryOf200CellsScrolls(FxRobot robot) throws Exception {
        // a smear with 200 stored cells: real crops of a sample smear, repeated
        java.nio.file.Path file = TestFiles.composedSmear(1);
        org.hemareview.review.Smear smear;
        try (var reader = new org.hemareview.image.SmearImageReader().read(file)) {
            smear = workspace.smears().register(new org.hemareview.review.NewSmear(file, reader.sha256(), reader.width(), reader.height(), null), "bench").smear();
            List<org.hemareview.review.Cell> cut = new org.hemareview.analysis.SmearAnalyser(workspace,
                    new org.hemareview.analysis.SmearPipeline(new org.hemareview.segment.SmearSegmenter(), java.util.Optional.empty()), "bench")
                    .analyse(smear, reader, org.hemareview.analysis.SmearScale.Choice.user(0.05)).cells();
            List<org.hemareview.review.NewCell> many = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                org.hemareview.review.Cell c = cut.get(i % cut.size());
                many.add(new org.hemareview.review.NewCell(c.polygon(), c.box(), c.area(), c.centroid(), c.edge(), workspace.cells().crop(c.id()).orElseThrow()));
            }
            workspace.cells().replace(smear.id(), many, 0.05, "given", "bench");
        }
        org.hemareview.review.Smear s = smear;
        long t0 = System.nanoTime();
        robot.interact(() -> window.smears().showSmear(s));
        waitIdle();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.cells().size() == 200);
        System.out.printf("BENCH gallery: 200-cell smear shown in %.0f ms (cells listed; thumbnails decode as tiles appear)%n", (System.nanoTime() - t0) / 1e6);
        javafx.scene.control.skin.VirtualFlow<?> flow = (javafx.scene.control.skin.VirtualFlow<?>) window.gallery().grid.lookup(".virtual-flow");
        List<Double> steps = new java.util.ArrayList<>();
        javafx.scene.Parent root = window.stage().getScene().getRoot();
        for (int i = 0; i < 120; i++) {
            double px = i < 60 ? 45 : -45;
            // timed on the FX thread: the scroll plus the CSS and layout pass it causes (new tiles included), not TestFX's waits
            steps.add(WaitForAsyncUtils.asyncFx(() -> {
                long t = System.nanoTime();
                flow.scrollPixels(px);
                root.applyCss();
                root.layout();
                return (System.nanoTime() - t) / 1e6;
            }).get());
            WaitForAsyncUtils.waitForFxEvents();
        }
        List<Double> sorted = steps.stream().sorted().toList();
        System.out.printf("BENCH gallery: scroll step (45 px; CSS + layout + new tiles, on the FX thread, rendering not included): median %.2f ms, p95 %.2f ms, max %.2f ms%n",
                sorted.get(60), sorted.get(114), sorted.get(119));
        robot.interact(() -> window.gallery().selectedProperty().set(window.galleryItems().get(0)));
        robot.clickOn("#cellGallery");
        robot.interact(() -> window.gallery().selectedProperty().set(window.galleryItems().get(0)));
        List<Double> moves = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            moves.add(WaitForAsyncUtils.asyncFx(() -> {
                long t = System.nanoTime();
                window.gallery().move(window.gallery().columns());
                root.applyCss();
                root.layout();
                return (System.nanoTime() - t) / 1e6;
            }).get());
            WaitForAsyncUtils.waitForFxEvents();
        }
        List<Double> ms = moves.stream().sorted().toList();
        System.out.printf("BENCH gallery: arrow down (select next row, scroll it into view, panel + viewer follow): median %.2f ms, p95 %.2f ms%n",
                ms.get(30), ms.get(57));
    }
}
