package org.hemareview.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.stage.Stage;
import org.hemareview.train.RetrainingTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a test: renders the training wizard's live chart and result page of a real run (real PBC
 * crops as decisions) into docs/screenshots. Run:
 * {@code mvn -B test -Dgroups=screenshots -Dbench.excluded=none -Dtest=WizardScreenshots}
 */
@Tag("screenshots")
class WizardScreenshots extends WindowTestBase {
    private TrainingWizard wizard;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    private void snapshot(String name) throws Exception {
        Path out = Path.of("docs/screenshots", name);
        WaitForAsyncUtils.asyncFx(() -> {
            javafx.scene.image.WritableImage img = wizard.stage.getScene().snapshot(null);
            javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
            return null;
        }).get();
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    }

    @Test
    void wizardTrainAndResult(FxRobot robot) throws Exception {
        RetrainingTest.decideRealCrops(workspace, 40, 8); // 320 real PBC crops (shared data) in 40 smears
        robot.interact(() -> window.models().loadModel());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.work().idle());
        window.models().offerReclassify = false;
        robot.interact(() -> wizard = window.models().openTrainingWizard());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !wizard.next.isDisabled());
        robot.interact(() -> wizard.go(1));
        robot.interact(() -> wizard.go(2));
        WizardModelPage model = (WizardModelPage) wizard.page();
        robot.interact(() -> {
            model.scratch.setSelected(true);
            model.size.getValueFactory().setValue(64);
            model.epochs.getValueFactory().setValue(12);
        });
        robot.interact(() -> wizard.next.fire());
        WizardTrainPage train = (WizardTrainPage) wizard.page();
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> train.valAcc.getData().size() >= 7);
        WaitForAsyncUtils.waitForFxEvents();
        snapshot("wizard-train.png");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !wizard.next.isDisabled());
        robot.interact(() -> wizard.next.fire());
        WaitForAsyncUtils.waitForFxEvents();
        snapshot("wizard-result.png");
    }
}
