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
        robot.interact(() -> window.actions().loadModel());
        waitIdle();
        String[] keys = {"1", "ENTER", "2", "DELETE", "3"};
        int rounds = 0;
        for (int smear = 1; smear <= 5; smear++) {
            int n = smear;
            robot.interact(() -> window.actions().openFiles(List.of(TestFiles.composedSmear(n))));
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
}
