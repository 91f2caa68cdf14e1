package org.hemareview.ui;

import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.hemareview.train.RetrainingTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a test: the window's resident memory while the wizard fine-tunes the bundled model on 320
 * real PBC crops (128 px, batch 32, the defaults): the resident size before, after each epoch, and
 * the kernel's high-water mark over the run (VmHWM), and the heap. Run:
 * {@code mvn -B test -Dgroups=benchmark -Dbench.excluded=none -Dtest=TrainingMemoryBenchmark}
 */
@Tag("benchmark")
class TrainingMemoryBenchmark extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    private static long residentMiB() {
        return org.hemareview.io.ProcessMemory.residentKb() / 1024;
    }

    @Test
    void residentMemoryDuringWizardTraining(FxRobot robot) throws Exception {
        int epochs = Integer.getInteger("bench.epochs", 4);
        RetrainingTest.decideRealCrops(workspace, 40, 8);
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        window.models().offerReclassify = false;
        TrainingWizard[] wizard = new TrainingWizard[1];
        robot.interact(() -> wizard[0] = window.models().openTrainingWizard());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !wizard[0].next.isDisabled());
        robot.interact(() -> wizard[0].go(1));
        robot.interact(() -> wizard[0].go(2));
        WizardModelPage model = (WizardModelPage) wizard[0].page();
        robot.interact(() -> model.epochs.getValueFactory().setValue(epochs));
        System.gc();
        long before = residentMiB();
        org.hemareview.io.ProcessMemory.resetPeak(); // the high-water mark from here: the training's peak
        long t0 = System.nanoTime();
        robot.interact(() -> wizard[0].next.fire());
        WizardTrainPage train = (WizardTrainPage) wizard[0].page();
        int seen = 0;
        while (wizard[0].next.isDisabled() && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(30)) {
            Thread.sleep(500);
            int now = train.valAcc.getData().size();
            if (now > seen) {
                seen = now;
                System.out.printf("training memory: epoch %d  resident %d MiB  heap used %d MiB%n", now, residentMiB(),
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            }
        }
        long peak = org.hemareview.io.ProcessMemory.peakKb() / 1024;
        System.out.printf("training memory: before %d MiB, peak %d MiB (+%d), after %d MiB; max heap %d MiB; %d epochs in %.0f s%n",
                before, peak, peak - before, residentMiB(), Runtime.getRuntime().maxMemory() >> 20, epochs, (System.nanoTime() - t0) / 1e9);
        robot.interact(() -> wizard[0].stage.close());
    }
}
