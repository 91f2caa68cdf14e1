package org.hemareview.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.hemareview.TestFiles;
import org.hemareview.train.RetrainingTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a test: renders the review screen at 1280x800 and 1920x1080 into docs/screenshots (main
 * window with a smear, a cell and its map; the cell panel alone (gradcam.png); the gallery; Help > Shortcuts; the Models window; every
 * wizard page). Run:
 * {@code mvn -B test -Dgroups=screenshots -Dbench.excluded=none -Dtest=ReviewScreenshots}
 */
@Tag("screenshots")
class ReviewScreenshots extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    private static void snapshot(Node node, String name) throws Exception {
        Path out = Path.of("docs/screenshots", name);
        WaitForAsyncUtils.asyncFx(() -> {
            javafx.scene.image.WritableImage img = node.snapshot(null, null);
            javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
            return null;
        }).get();
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    }

    private static void snapshot(Scene scene, String name) throws Exception {
        snapshot(scene.getRoot(), name);
    }

    @Test
    void atBothSizes(FxRobot robot) throws Exception {
        RetrainingTest.decideRealCrops(workspace, 2, 2);
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        window.models().offerReclassify = false;
        robot.interact(() -> window.start());
        waitIdle();
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(2))));
        waitIdle();
        for (int[] size : new int[][] {{1280, 800}, {1920, 1080}}) {
            String tag = size[0] + "x" + size[1];
            robot.interact(() -> {
                window.stage().setX(0);
                window.stage().setY(0);
                window.stage().setWidth(size[0]);
                window.stage().setHeight(size[1]);
            });
            robot.interact(() -> window.viewer().fit());
            robot.interact(() -> window.selectCell(window.galleryItems().get(3), true));
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.cellPanel().hasMap());
            WaitForAsyncUtils.waitForFxEvents();
            snapshot(window.stage().getScene(), "main-" + tag + ".png");
            snapshot(window.gallery().root, "gallery-" + tag + ".png");
            if (size[0] == 1280) { // the panel alone, on the gallery's first cell (the next size selects the fourth again)
                robot.interact(() -> window.selectCell(window.galleryItems().get(0), true));
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.cellPanel().hasMap());
                WaitForAsyncUtils.waitForFxEvents();
                snapshot(window.cellPanel().root, "gradcam.png");
            }

            javafx.application.Platform.runLater(() -> window.commands().fire("shortcuts"));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#help-shortcuts").tryQuery().isPresent());
            WaitForAsyncUtils.waitForFxEvents();
            Window dialog = robot.lookup("#help-shortcuts").query().getScene().getWindow();
            snapshot(dialog.getScene(), "help-shortcuts-" + tag + ".png");
            robot.interact(() -> ((Stage) dialog).close());

            ModelsWindow[] models = new ModelsWindow[1];
            robot.interact(() -> models[0] = window.models().openModels());
            waitIdle();
            WaitForAsyncUtils.waitForFxEvents();
            snapshot(models[0].stage.getScene(), "models-" + tag + ".png");
            robot.interact(() -> models[0].stage.close());
        }
        robot.interact(() -> {
            window.stage().setWidth(1280);
            window.stage().setHeight(800);
        });
        TrainingWizard[] wizard = new TrainingWizard[1];
        robot.interact(() -> wizard[0] = window.models().openTrainingWizard());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !wizard[0].next.isDisabled());
        String[] names = {"wizard-data.png", "wizard-split.png", "wizard-model.png"};
        for (int page = 0; page < 3; page++) {
            int p = page;
            robot.interact(() -> wizard[0].go(p));
            WaitForAsyncUtils.waitForFxEvents();
            snapshot(wizard[0].stage.getScene(), names[p]);
        }
        WizardModelPage model = (WizardModelPage) wizard[0].page();
        robot.interact(() -> {
            model.scratch.setSelected(true);
            model.size.getValueFactory().setValue(32);
            model.epochs.getValueFactory().setValue(6);
        });
        robot.interact(() -> wizard[0].next.fire());
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !wizard[0].next.isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(wizard[0].stage.getScene(), "wizard-train-1280x800.png");
        robot.interact(() -> wizard[0].next.fire());
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(wizard[0].stage.getScene(), "wizard-result-1280x800.png");
        robot.interact(() -> wizard[0].stage.close());
    }

    /** The wizard's result after adapting the bundled model to 200 DeepAPL cells, with its learning curve (needs ../shared). */
    @Test
    void adaptingToANewLabWithItsLearningCurve(FxRobot robot) throws Exception {
        java.nio.file.Path deepapl = TestFiles.sharedData().map(d -> d.resolve("deepapl")).filter(Files::isDirectory).orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(deepapl != null, "../shared/data/deepapl is absent");
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        AdaptWizardBenchmark.decidePatients(workspace, deepapl, window.classifierProperty().get().manifest().classes(), 200);
        window.models().offerReclassify = false;
        TrainingWizard[] wizard = new TrainingWizard[1];
        robot.interact(() -> wizard[0] = window.models().openTrainingWizard());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !wizard[0].next.isDisabled());
        robot.interact(() -> wizard[0].go(1));
        robot.interact(() -> wizard[0].go(2));
        WizardModelPage model = (WizardModelPage) wizard[0].page();
        robot.interact(() -> model.adapt.setSelected(true));
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(wizard[0].stage.getScene(), "wizard-adapt.png");
        robot.interact(() -> wizard[0].next.fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.MINUTES, () -> !wizard[0].next.isDisabled());
        robot.interact(() -> wizard[0].next.fire());
        WaitForAsyncUtils.waitForFxEvents();
        WizardResultPage result = (WizardResultPage) wizard[0].page();
        robot.interact(() -> ((javafx.scene.control.ScrollPane) wizard[0].page().view()).setVvalue(0.35));
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(wizard[0].stage.getScene(), "wizard-adapt-result.png");
        snapshot(result.curve.getParent(), "wizard-learning-curve.png");
        System.out.println("learning curve in the wizard: " + wizard[0].state.outcome.curve());
        robot.interact(() -> wizard[0].stage.close());
    }

    @Test
    void aSmearUnlikeTheTrainingData(FxRobot robot) throws Exception {
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        prefs.setAnalyseOnOpen(true);
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.samples().resolve("raabin/raabin-00dae381.jpg"))));
        waitIdle();
        robot.interact(() -> {
            window.stage().setX(0);
            window.stage().setY(0);
            window.stage().setWidth(1280);
            window.stage().setHeight(800);
        });
        robot.interact(() -> window.gallery().order.setValue(CellGallery.Order.LEAST_CONFIDENT));
        robot.interact(() -> window.viewer().fit());
        robot.interact(() -> window.selectCell(window.galleryItems().get(0), true));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.cellPanel().hasMap());
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(window.stage().getScene(), "shift-banner-1280x800.png");
    }

    @Test
    void practiceQuestionAndReveal(FxRobot robot) throws Exception {
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        prefs.setScale("0.05");
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(1))));
        waitIdle();
        long smear = window.currentSmearProperty().get().id();
        for (org.hemareview.review.Cell c : workspace.cells().cells(smear)) {
            workspace.decisions().decide(c.id(), "dr-test", window.predictions().get(c.id()).label(), org.hemareview.review.Decision.Kind.CONFIRM, null);
        }
        workspace.decisions().sign(smear, "dr-test");
        PracticeWindow[] w = new PracticeWindow[1];
        robot.interact(() -> window.models().openPractice("trainee-t"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.work().idle() && window.models().opened != null);
        robot.interact(() -> w[0] = window.models().opened);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w[0].crop.getImage() != null);
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(w[0].stage.getScene(), "practice-question.png");
        String wrong = window.classifierProperty().get().manifest().classes().stream()
                .filter(c -> !c.equals(w[0].round().get(0).truth())).findFirst().orElseThrow();
        robot.interact(() -> w[0].answer(wrong));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w[0].rightMap.getImage() != null && window.work().idle());
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(w[0].stage.getScene(), "practice-reveal.png");
        robot.interact(() -> w[0].tabs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(w[0].stage.getScene(), "practice-record.png");
        robot.interact(() -> w[0].stage.close());
    }
}
