package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.hemareview.train.RetrainingTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The training wizard in the real window on a workspace of real PBC crops decided by a reviewer:
 * every page with default settings (a tiny input size to keep it short), a run stopped early
 * (the best epoch is kept), a finished run, its result page, and promotion.
 */
class TrainingWizardTest extends WindowTestBase {
    private TrainingWizard wizard;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** 16 real crops decided (8 smears, all 8 classes), the model loaded, the wizard open on its data page. */
    private void openWizardOnRealCrops(FxRobot robot) throws Exception {
        RetrainingTest.decideRealCrops(workspace, 2, 2);
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        robot.interact(() -> wizard = window.models().openTrainingWizard());
        assertNotNull(wizard);
        waitFor(() -> !wizard.next.isDisabled());
    }

    /** On the model page: from scratch, 32-px input, the given epochs. */
    private WizardModelPage smallRunFromScratch(FxRobot robot, int epochs) {
        WizardModelPage model = (WizardModelPage) wizard.page();
        robot.interact(() -> {
            model.scratch.setSelected(true);
            model.size.getValueFactory().setValue(32);
            model.epochs.getValueFactory().setValue(epochs);
        });
        return model;
    }

    /** Clicks Close during training and answers the "Stop training and close?" question. */
    private void answerCloseQuestion(FxRobot robot, String button) throws Exception {
        robot.clickOn("#wizardClose");
        waitFor(() -> robot.lookup("Stop training and close?").tryQuery().isPresent());
        robot.clickOn(robot.lookup(".dialog-pane .button").match(n -> button.equals(((javafx.scene.control.Button) n).getText()))
                .queryAs(javafx.scene.control.Button.class));
    }

    @Test
    void walkStopFinishAndPromote(FxRobot robot) throws Exception {
        openWizardOnRealCrops(robot);
        window.models().offerReclassify = false;

        // 1 data: counts per class, all flagged as too few
        assertEquals("2", robot.lookup("#wizardCount-neutrophil").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#wizardDataSummary").queryAs(Label.class).getText().startsWith("16 cells"));
        robot.clickOn("#wizardNext");
        // 2 split: by smear, nothing lost
        assertEquals(1, wizard.pageIndex());
        int cells = 0;
        for (int k = 0; k < 3; k++) {
            String t = robot.lookup("#wizardSplitTotal" + k).queryAs(Label.class).getText();
            cells += Integer.parseInt(t.substring(0, t.indexOf(' ')));
        }
        assertEquals(16, cells);
        robot.clickOn("#wizardNext");
        // 3 model: from scratch, small input, many epochs (to be stopped)
        WizardModelPage model = smallRunFromScratch(robot, 40);
        robot.clickOn("#wizardNext");
        // 4 train: stop after the first epoch
        WizardTrainPage train = (WizardTrainPage) wizard.page();
        assertTrue(wizard.next.isDisabled() && wizard.back.isDisabled(), "no navigation while training");
        waitFor(() -> !train.trainLoss.getData().isEmpty());
        robot.clickOn("#wizardStop");
        waitFor(() -> !wizard.next.isDisabled());
        assertTrue(train.status.getText().startsWith("Stopped after epoch"), train.status.getText());
        assertTrue(wizard.state.outcome.training().history().size() < 40);
        String stoppedId = wizard.state.outcome.registered().id();
        robot.clickOn("#wizardNext");
        assertEquals(4, wizard.pageIndex(), "the result page of the stopped run");

        // back to the settings, one epoch, run to the end
        robot.clickOn("#wizardBack");
        assertEquals(2, wizard.pageIndex());
        robot.interact(() -> model.epochs.getValueFactory().setValue(1));
        robot.clickOn("#wizardNext");
        waitFor(() -> !wizard.next.isDisabled());
        assertTrue(train.status.getText().startsWith("Finished"), train.status.getText());
        assertEquals(1, train.valAcc.getData().size(), "one point per epoch on the chart");
        String newId = wizard.state.outcome.registered().id();
        assertFalse(newId.equals(stoppedId));
        robot.clickOn("#wizardNext");
        // 5 result: new against active on the same test cells
        WizardResultPage result = (WizardResultPage) wizard.page();
        assertTrue(result.verdict.getText().contains("test cells"), result.verdict.getText());
        long withTestCells = java.util.Arrays.stream(wizard.state.outcome.newOnTest().truth()).distinct().count();
        assertTrue(withTestCells >= 2 && withTestCells < 8, "the split leaves some classes without test cells: " + withTestCells);
        assertEquals(withTestCells, result.roc.getData().size(), "one ROC curve per class with test cells, none for a class without");
        assertFalse(result.curve.getParent().isVisible(), "no learning curve without \"adapt to this lab\"");
        assertTrue(robot.lookup("#wizardMetrics").queryAs(javafx.scene.layout.GridPane.class).getChildren().size() > 3 * 10);
        robot.clickOn("#wizardPromote");
        waitIdle();
        assertEquals(newId, wizard.state.registry.active().orElseThrow().id());
        assertEquals(wizard.state.outcome.registered().manifest().weightsSha256(),
                window.classifierProperty().get().manifest().weightsSha256(), "the app now classifies with the promoted version");
        assertTrue(workspace.audit().latest(5).stream().anyMatch(e -> e.action().equals("model.promoted") && e.actor().equals("dr-test")));
        robot.interact(() -> wizard.stage.close());
    }

    @Test
    void adaptingToThisLabRehearsesTheBundledLabAndScoresWhatItKeeps(FxRobot robot) throws Exception {
        openWizardOnRealCrops(robot);
        window.models().offerReclassify = false;
        robot.clickOn("#wizardNext");
        robot.clickOn("#wizardNext");
        WizardModelPage model = (WizardModelPage) wizard.page();
        robot.interact(() -> {
            model.adapt.setSelected(true);
            assertEquals(org.hemareview.train.LabAdaptation.EPOCHS, model.epochs.getValue(), "adapting presets its few epochs");
            assertTrue(model.architecture.isDisabled(), "an adaptation keeps the active model's network");
            model.epochs.getValueFactory().setValue(1); // one epoch keeps the test short; the recipe is otherwise the wizard's
        });
        robot.clickOn("#wizardNext");
        waitFor(() -> !wizard.next.isDisabled());
        assertTrue(wizard.state.adapt);
        var facts = wizard.state.outcome.registered().manifest().training();
        assertTrue(String.valueOf(facts.get("rehearsal")).contains("crops of PBC"), "the bundled lab's crops were mixed in: " + facts);
        robot.clickOn("#wizardNext");
        WizardResultPage result = (WizardResultPage) wizard.page();
        String text = robot.lookup("#wizardReference").queryAs(Label.class).getText();
        assertTrue(robot.lookup("#wizardReference").queryAs(Label.class).isVisible());
        assertTrue(text.startsWith("On 80 reference crops of PBC") && text.contains("new ") && text.contains("active ")
                && text.contains("160 other crops of that lab were mixed into training"), text);
        var ref = wizard.state.outcome.onReference().orElseThrow();
        assertEquals(80, ref.cells());
        assertTrue(ref.active().orElseThrow().evaluation().accuracy() > 0.8, "the bundled model knows its own lab's reference crops");
        assertTrue(result.verdict.getText().contains("test cells"));
        // the learning curve: the active model at 0 cells and the adapted version at its training cells (16 cells leave no smaller run)
        var points = wizard.state.outcome.curve();
        assertEquals(java.util.List.of(0, wizard.state.outcome.trainCells()), points.stream().map(org.hemareview.train.Retraining.CurvePoint::cells).toList());
        assertTrue(result.curve.getParent().isVisible(), "the curve is shown after adapting");
        assertEquals(2, result.curve.getData().get(0).getData().size(), "one point per measured count");
        assertEquals(points.get(1).accuracy(), result.curve.getData().get(0).getData().get(1).getYValue().doubleValue(), 1e-12);
        assertTrue(result.curveText.getText().contains(String.format(java.util.Locale.ROOT, "%d cells %.3f", points.get(1).cells(), points.get(1).accuracy())),
                result.curveText.getText());
        robot.interact(() -> wizard.stage.close());
    }

    @Test
    void closingDuringTrainingAsksFirstAndThenRegistersNothing(FxRobot robot) throws Exception {
        openWizardOnRealCrops(robot);
        robot.clickOn("#wizardNext");
        robot.clickOn("#wizardNext");
        smallRunFromScratch(robot, 40);
        int versionsBefore = wizard.state.registry.list().size();
        robot.clickOn("#wizardNext");
        WizardTrainPage train = (WizardTrainPage) wizard.page();
        waitFor(() -> !train.trainLoss.getData().isEmpty());

        // Close, then Cancel in the question: the wizard stays and keeps training
        answerCloseQuestion(robot, "Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(wizard.stage.isShowing(), "still open");
        assertTrue(wizard.state.training.get(), "still training");

        // Close again and confirm: the run stops, the wizard closes, no version is registered
        answerCloseQuestion(robot, "OK");
        waitFor(() -> !wizard.state.training.get());
        assertFalse(wizard.stage.isShowing());
        waitIdle();
        assertEquals(versionsBefore, wizard.state.registry.list().size(), "an abandoned run registers nothing");
        assertTrue(train.trainLoss.getData().size() < 40, "it stopped early");
    }

    /** Decides {@code perSmear} real neutrophil and lymphocyte crops (alternating, {@code classes} of them) on each of {@code smears} smears. */
    private void decide(int smears, int perSmear, java.util.List<String> classes) throws Exception {
        for (int s = 0; s < smears; s++) {
            long smear = workspace.smears().register(new org.hemareview.review.NewSmear(java.nio.file.Path.of("/smears/bad" + s + ".jpg"), "sha-bad" + s,
                    2560, 1920, null), "t").smear().id();
            java.util.List<org.hemareview.review.NewCell> cells = new java.util.ArrayList<>();
            java.util.List<String> truth = new java.util.ArrayList<>();
            for (int i = 0; i < perSmear; i++) {
                String c = classes.get((s * perSmear + i) % classes.size());
                java.nio.file.Path crop;
                try (var f = java.nio.file.Files.list(org.hemareview.TestFiles.samples().resolve("pbc-cells/" + c))) {
                    crop = f.sorted().findFirst().orElseThrow();
                }
                cells.add(new org.hemareview.review.NewCell(java.util.List.of(new int[] {0, 0}, new int[] {9, 0}, new int[] {9, 9}),
                        new org.hemareview.geometry.Box(i * 20, 0, 10, 10), 50, new double[] {i * 20 + 5, 5}, false, java.nio.file.Files.readAllBytes(crop)));
                truth.add(c);
            }
            java.util.List<org.hemareview.review.Cell> stored = workspace.cells().replace(smear, cells, 0.05, "given", "t");
            for (int i = 0; i < stored.size(); i++) {
                workspace.decisions().decide(stored.get(i).id(), "dr-a", truth.get(i), org.hemareview.review.Decision.Kind.ASSIGN, null);
            }
        }
    }

    /** Opens the wizard on what was decided; returns the data page's message once it has read the decisions. */
    private String dataPageMessage(FxRobot robot) throws Exception {
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        robot.interact(() -> wizard = window.models().openTrainingWizard());
        waitFor(() -> !robot.lookup("#wizardDataSummary").queryAs(Label.class).getText().startsWith("Reading"));
        waitIdle();
        return robot.lookup("#wizardDataSummary").queryAs(Label.class).getText();
    }

    @Test
    void aLabWithOneClassOnlyIsToldWhyAndCannotGoOn(FxRobot robot) throws Exception {
        decide(4, 3, java.util.List.of("neutrophil"));
        String message = dataPageMessage(robot);
        assertTrue(message.contains("Only one class (neutrophil)"), message);
        assertTrue(wizard.next.isDisabled(), "Next stays disabled: no run can start on these cells");
        assertEquals(0, wizard.pageIndex());
    }

    @Test
    void tooFewCellsOfAClassOrNoTestCellsAreToldBeforeTraining(FxRobot robot) throws Exception {
        // one smear only: the split by smear has nothing for validation and test; and one lymphocyte of five cells
        decide(1, 5, java.util.List.of("neutrophil", "neutrophil", "lymphocyte", "neutrophil", "neutrophil"));
        String message = dataPageMessage(robot);
        assertTrue(message.contains("lymphocyte: 1 cell, fewer than the 2 a class needs for the split"), message);
        assertTrue(message.contains("leaves no cells for the test") && message.contains("lie on 1 smear"), message);
        assertTrue(message.contains("leaves no cells for validation"), message);
        assertTrue(wizard.next.isDisabled());
        assertTrue(robot.lookup("#wizardDataSummary").queryAs(Label.class).isVisible());
    }

    @Test
    void anExtraFolderWithAnUnknownNameIsMappedToAClass(FxRobot robot) throws Exception {
        RetrainingTest.decideRealCrops(workspace, 2, 2);
        java.nio.file.Path extra = dir.resolve("extra-" + System.nanoTime()).resolve("NEU");
        java.nio.file.Files.createDirectories(extra);
        try (var s = java.nio.file.Files.list(org.hemareview.TestFiles.samples().resolve("pbc-cells/neutrophil"))) {
            for (java.nio.file.Path p : s.toList()) {
                java.nio.file.Files.copy(p, extra.resolve(p.getFileName()));
            }
        }
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        robot.interact(() -> wizard = window.models().openTrainingWizard());
        waitFor(() -> !wizard.next.isDisabled());
        robot.interact(() -> {
            wizard.state.extraFolders.add(extra.getParent());
            wizard.page().enter();
        });
        waitFor(() -> robot.lookup("#wizardMap-NEU").tryQuery().isPresent());
        assertEquals("2", robot.lookup("#wizardCount-neutrophil").queryAs(Label.class).getText(), "not mapped yet: left out");
        robot.interact(() -> robot.lookup("#wizardMap-NEU").queryAs(javafx.scene.control.ChoiceBox.class).setValue("neutrophil"));
        waitFor(() -> "4".equals(robot.lookup("#wizardCount-neutrophil").queryAs(Label.class).getText()));
        assertEquals("neutrophil", wizard.state.folderMapping.get("NEU"));
        robot.interact(() -> wizard.stage.close());
    }

    @Test
    void theModelsWindowPromotesAndRollsBack(FxRobot robot) throws Exception {
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        window.models().offerReclassify = false;
        // a second version: the bundled package under another version number (same weights)
        java.nio.file.Path copy = org.hemareview.TestFiles.secondModelVersion(dir, "99", 1.0144863567158822);
        ModelsWindow[] w = new ModelsWindow[1];
        robot.interact(() -> w[0] = window.models().openModels());
        waitIdle();
        assertEquals(1, w[0].table.getItems().size());
        var registry = org.hemareview.model.ModelRegistry.forWorkspace(workspace.file(), java.util.Optional.empty(), "t", (a, b, c, d) -> { });
        String first = registry.active().orElseThrow().id();
        var added = registry.register(copy, org.hemareview.model.ModelRegistry.Source.IMPORTED, "dr-test");
        robot.interact(() -> w[0].refresh());
        waitIdle();
        assertEquals(2, w[0].table.getItems().size());
        robot.interact(() -> w[0].table.getSelectionModel().select(
                w[0].table.getItems().stream().filter(e -> e.id().equals(added.id())).findFirst().orElseThrow()));
        robot.clickOn("#modelsPromote");
        waitIdle();
        assertEquals(added.id(), registry.active().orElseThrow().id());
        assertEquals("99", window.classifierProperty().get().manifest().version(), "the app loaded the promoted version");
        robot.clickOn("#modelsRollback");
        waitIdle();
        assertEquals(first, registry.active().orElseThrow().id());
        assertEquals(registry.active().orElseThrow().manifest().version(), window.classifierProperty().get().manifest().version());
        robot.interact(() -> w[0].stage.close());
    }
}
