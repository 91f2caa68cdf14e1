package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.SmearStatus;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A signed smear is never changed by a promotion or a roll-back: the "re-classify unreviewed smears?"
 * question is answered No, then Yes (by clicking the real dialog); the signed smear's predictions and
 * decisions are the same rows before and after, while an unreviewed smear gets the new version's
 * calls with Yes, audited under the reviewer's name.
 */
class SignedSmearPromotionTest extends WindowTestBase {
    private static final String PREDICTIONS = "SELECT count(*) FROM predictions p JOIN cells c ON c.id = p.cell_id WHERE c.smear_id = ?";
    private static final String AUDITED = "SELECT count(*) FROM audit_log WHERE action = 'smear.classified' AND subject = ? AND actor = 'dr-test'";
    private static final String DECISIONS = "SELECT count(*) FROM decisions d JOIN cells c ON c.id = d.cell_id WHERE c.smear_id = ?";

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    @Test
    void aSignedSmearKeepsItsCallsAndDecisionsWhicheverTheAnswer(FxRobot robot) throws Exception {
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        long unreviewed = analyse(robot, TestFiles.composedSmear(1));
        long signed = analyse(robot, TestFiles.composedSmear(2));
        for (Cell c : workspace.cells().cells(signed)) {
            workspace.decisions().decide(c.id(), "dr-test", window.predictions().get(c.id()).label(), Decision.Kind.CONFIRM,
                    window.predictions().get(c.id()).model());
        }
        robot.interact(() -> window.review().reload());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.review().idle());
        signThroughTheConfirmation(robot);
        assertEquals(SmearStatus.SIGNED, workspace.smears().byId(signed).orElseThrow().status());
        assertTrue(window.commands().get("analyse").isDisabled(), "a signed smear cannot be re-analysed from the menu");

        Path db = workspace.file();
        long signedPredictions = TestFiles.count(db, PREDICTIONS, signed);
        long signedDecisions = TestFiles.count(db, DECISIONS, signed);
        long otherPredictions = TestFiles.count(db, PREDICTIONS, unreviewed);
        long classifiedByReviewer = TestFiles.count(db, AUDITED, "smear:" + unreviewed);
        ModelRegistry registry = window.session().models.get().registry().orElseThrow();
        String bundled = registry.active().orElseThrow().id();

        promote(robot, registry, registry.register(TestFiles.secondModelVersion(dir, "98", 2.0), ModelRegistry.Source.IMPORTED, "dr-test"), "No");
        assertEquals(signedPredictions, TestFiles.count(db, PREDICTIONS, signed), "No: the signed smear's calls are unchanged");
        assertEquals(signedDecisions, TestFiles.count(db, DECISIONS, signed));
        assertEquals(otherPredictions, TestFiles.count(db, PREDICTIONS, unreviewed), "No: nothing is re-classified");

        promote(robot, registry, registry.find(bundled).orElseThrow(), "Yes");
        assertEquals(signedPredictions, TestFiles.count(db, PREDICTIONS, signed), "Yes: the signed smear's calls are still unchanged");
        assertEquals(signedDecisions, TestFiles.count(db, DECISIONS, signed));
        assertEquals(2 * otherPredictions, TestFiles.count(db, PREDICTIONS, unreviewed), "Yes: the unreviewed smear got new calls");
        assertEquals(classifiedByReviewer + 1, TestFiles.count(db, AUDITED, "smear:" + unreviewed),
                "the re-classification is audited under the reviewer's name");
        assertEquals(SmearStatus.SIGNED, workspace.smears().byId(signed).orElseThrow().status());
    }

    private long analyse(FxRobot robot, Path smear) throws Exception {
        robot.interact(() -> window.smears().openFiles(List.of(smear)));
        waitIdle();
        assertTrue(window.predictions().size() >= 3, "analysed and classified on opening");
        return window.currentSmearProperty().get().id();
    }

    /** Promotes {@code entry} as the Models window does, then clicks {@code answer} in the question that follows. */
    private void promote(FxRobot robot, ModelRegistry registry, ModelRegistry.Entry entry, String answer) throws Exception {
        registry.promote(entry.id(), "dr-test");
        robot.interact(() -> window.models().activeModelChanged(entry));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane .button")
                .match(n -> n instanceof Button b && answer.equals(b.getText())).tryQuery().isPresent());
        robot.clickOn(robot.lookup(".dialog-pane .button").match(n -> n instanceof Button b && answer.equals(b.getText())).queryButton());
        waitIdle();
    }
}
