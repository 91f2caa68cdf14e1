package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.PracticeAnswer;
import org.hemareview.review.SmearStatus;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Review > Practice on a signed smear's cells, with the real model: a crop alone, an answer by
 * key, the reveal (answer, the model's call, two maps), Next; the answers stored; the record tab;
 * the CSV; and no decision, count or sign-off changed.
 */
class PracticeWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true);
        p.setScale("0.05");
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aQuizRoundOnSignedCellsStoresAnswersAndChangesNoDecision(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path out) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.hemareview.model.DefaultModel.folder().isPresent(), "models/resnext-cc-slim is absent");
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(1))));
        waitIdle();
        long smear = window.currentSmearProperty().get().id();
        for (Cell c : workspace.cells().cells(smear)) {
            workspace.decisions().decide(c.id(), "dr-test", window.predictions().get(c.id()).label(), Decision.Kind.CONFIRM, null);
        }
        workspace.decisions().sign(smear, "dr-test");
        int decisions = workspace.decisions().count();
        Map<Long, Decision> signed = workspace.decisions().current(smear, "dr-test");

        PracticeWindow[] w = new PracticeWindow[1];
        robot.interact(() -> window.models().openPractice("trainee-t"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.work().idle() && window.models().opened != null);
        robot.interact(() -> w[0] = window.models().opened);
        assertNotNull(w[0]);
        PracticeWindow p = w[0];
        assertEquals(PracticeWindow.ROUND, p.round().size());
        assertTrue(p.round().stream().allMatch(i -> i.key().startsWith("cell:")), "a workspace with a signed smear practises on its cells");
        waitFor(() -> p.crop.getImage() != null);
        assertFalse(p.reveal.isVisible(), "the model's call is not shown before the answer");
        assertTrue(p.next.isDisabled());

        // answer the first crop with key 1, as a trainee does
        robot.interact(() -> p.stage.requestFocus());
        robot.type(KeyCode.DIGIT1);
        waitFor(() -> p.reveal.isVisible() && p.yourMap.getImage() != null && p.rightMap.getImage() != null);
        List<String> cut = new java.util.ArrayList<>();
        robot.interact(() -> cut.addAll(Truncation.find(p.stage.getScene().getRoot())));
        assertEquals(List.of(), cut, "no text cut in the reveal");
        String first = window.classifierProperty().get().manifest().classes().get(0);
        List<PracticeAnswer> stored = workspace.practice().answers("trainee-t");
        assertEquals(1, stored.size());
        long cellId = Long.parseLong(p.round().get(0).key().substring(5));
        assertEquals(signed.get(cellId).label(), stored.get(0).truth(), "the right answer is the signer's");
        assertEquals(first, stored.get(0).answer());
        assertTrue(p.verdict.getText().contains(stored.get(0).truth()), p.verdict.getText());
        assertTrue(p.modelCall.getText().startsWith("The model's call: "), p.modelCall.getText());
        // another explanation method redraws the maps
        robot.interact(() -> p.method.setValue(org.hemareview.classify.CamMethod.HIRES_CAM));
        waitFor(() -> p.yourMap.getImage() != null && window.work().idle());

        // Enter: the next crop, alone again
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, p.index());
        assertFalse(p.reveal.isVisible());
        for (int i = 1; i < PracticeWindow.ROUND; i++) {
            int at = i;
            waitFor(() -> p.index() == at && !p.answered() && window.work().idle());
            String answer = p.round().get(i).truth();
            robot.interact(() -> p.answer(answer));
            waitFor(() -> p.answered() && !p.next.isDisabled() && window.work().idle());
            robot.interact(p::nextItem);
        }
        waitFor(() -> p.tabs.getSelectionModel().getSelectedIndex() == 1 && window.work().idle());
        stored = workspace.practice().answers("trainee-t");
        assertEquals(PracticeWindow.ROUND, stored.size());
        int asked = p.perClass.getItems().stream().mapToInt(r -> (Integer) r[1]).sum();
        assertEquals(PracticeWindow.ROUND, asked, "the per-class table counts every answer");
        long right = stored.stream().filter(PracticeAnswer::right).count();
        assertEquals(right, p.perClass.getItems().stream().mapToInt(r -> (Integer) r[2]).sum());
        assertEquals(1, p.chart.getData().size());
        assertEquals(right / (double) PracticeWindow.ROUND, p.chart.getData().get(0).getData().get(0).getYValue().doubleValue(), 1e-9,
                "round 1's point is its accuracy");
        assertTrue(p.confusion.getText().contains(stored.get(0).truth()));
        robot.interact(() -> cut.addAll(Truncation.find(p.stage.getScene().getRoot())));
        assertEquals(List.of(), cut, "no text cut on the record tab");

        Path csv = out.resolve("t.csv");
        robot.interact(() -> p.exportTo(csv));
        waitIdle();
        assertEquals(PracticeWindow.ROUND + 1, Files.readAllLines(csv).size());

        assertEquals(decisions, workspace.decisions().count(), "a trainee's answers are no decisions");
        assertEquals(signed, workspace.decisions().current(smear, "dr-test"));
        assertEquals(SmearStatus.SIGNED, workspace.smears().byId(smear).orElseThrow().status());
        robot.interact(() -> p.stage.close());
    }
}
