package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.ReviewLabels;
import org.hemareview.review.SmearStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Reviewing a sample smear by keyboard only in the real window (real SQLite, OpenCV, DJL):
 * assign, confirm, unsure, undo, the counts panel, signing and the lock.
 */
class ReviewWindowTest extends WindowTestBase {
    private List<String> classes;
    private long smear;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true);
        p.setScale("0.05");
        p.setTargetCount(100);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    @BeforeEach
    void openAnalyseAndClassify(FxRobot robot) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.hemareview.model.DefaultModel.folder().isPresent(), "models/resnext-cc-slim is absent");
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(1))));
        waitIdle();
        waitSaved();
        classes = window.classifierProperty().get().manifest().classes();
        smear = window.currentSmearProperty().get().id();
        assertEquals(window.cells().size(), window.predictions().size(), "every cell has a suggestion");
    }

    private void waitSaved() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.review().idle()); // writes and re-reads, UI updates included
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Map<Long, Decision> stored() {
        return workspace.decisions().current(smear, "dr-test");
    }

    private Cell selected() {
        return window.gallery().selectedProperty().get();
    }

    private boolean strikeShownOn(FxRobot robot, Cell c) {
        return robot.lookup("#cellGallery .grid-cell").match(n -> n instanceof org.controlsfx.control.GridCell<?> g && g.getItem() == c)
                .queryAs(javafx.scene.Parent.class).lookup("#struck").isVisible();
    }

    private String countText(String id) {
        return ((Label) window.counts().table.lookup("#" + id)).getText();
    }

    @Test
    void reviewBySmearKeyboardOnlyCountsSignsAndLocks(FxRobot robot) throws Exception {
        Cell first = window.galleryItems().get(0);
        robot.clickOn(robot.lookup("#cellGallery .grid-cell").match(n -> n instanceof org.controlsfx.control.GridCell<?> g && g.getItem() == first)
                .queryAs(javafx.scene.Node.class));
        assertEquals(first.id(), selected().id());
        assertEquals(first.id(), window.selectedCellProperty().get().id(), "the gallery selection is the viewer's and the panel's");

        // "1" assigns the first class of the model's manifest, and the selection moves on
        robot.type(KeyCode.DIGIT1);
        waitSaved();
        assertEquals(classes.get(0), stored().get(first.id()).label());
        boolean agreesWithModel = classes.get(0).equals(window.predictions().get(first.id()).label());
        assertEquals(agreesWithModel ? Decision.Kind.CONFIRM : Decision.Kind.ASSIGN, stored().get(first.id()).kind(),
                "picking the suggested class by its key is a confirmation");
        Cell second = selected();
        assertEquals(window.galleryItems().get(1).id(), second.id());
        assertEquals("1", countText("count-" + classes.get(0)));
        assertTrue(window.gallery().stateText(first).length() > 0, "the tile shows the decision");

        // Enter confirms the suggestion
        robot.type(KeyCode.ENTER);
        waitSaved();
        assertEquals(window.predictions().get(second.id()).label(), stored().get(second.id()).label());
        assertEquals(Decision.Kind.CONFIRM, stored().get(second.id()).kind());
        assertTrue(window.gallery().stateText(second).startsWith("\u2713"), window.gallery().stateText(second));

        // ? marks unsure; the count panel shows it and signing is not possible
        Cell third = selected();
        robot.write('?');
        waitSaved();
        assertEquals(ReviewLabels.UNSURE, stored().get(third.id()).label());
        assertEquals("1", countText("count-unsure"));

        // Ctrl+Z undoes it (a new row, not a deletion) and selects the cell again
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitSaved();
        assertNull(stored().get(third.id()), "back to undecided");
        assertEquals("0", countText("count-unsure"));
        assertEquals(third.id(), selected().id());
        assertEquals(4, workspace.decisions().count(), "3 decisions + 1 undo");

        // arrows move: right, then left again
        robot.type(KeyCode.RIGHT);
        assertEquals(window.galleryItems().get(3).id(), selected().id());
        robot.type(KeyCode.LEFT);
        assertEquals(third.id(), selected().id());

        // Delete marks "not a white cell" (excluded from the count)
        robot.type(KeyCode.DELETE);
        waitSaved();
        assertEquals(ReviewLabels.NOT_A_CELL, stored().get(third.id()).label());
        assertEquals(1, window.struckCount(), "a cell marked not a white cell is drawn struck through");
        assertTrue(strikeShownOn(robot, third), "and its gallery tile too");
        // undo restores it (outline and tile), and Delete marks it again
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitSaved();
        assertEquals(0, window.struckCount());
        assertFalse(strikeShownOn(robot, third));
        assertEquals(third.id(), selected().id(), "undo selects the cell it restored");
        robot.type(KeyCode.DELETE);
        waitSaved();
        assertEquals(1, window.struckCount());
        assertTrue(robot.lookup("#signSmear").queryButton().isDisabled(), "cells are still undecided");

        // confirm every remaining cell with Enter, then sign
        int remaining = window.cells().size() - 3;
        for (int i = 0; i < remaining; i++) {
            robot.type(KeyCode.ENTER);
        }
        waitSaved();
        assertEquals(window.cells().size(), stored().size());
        int counted = window.cells().size() - 1;
        assertTrue(((Label) window.counts().progressText).getText().startsWith(counted + " of 100"), window.counts().progressText.getText());
        assertFalse(robot.lookup("#signSmear").queryButton().isDisabled());
        String summary = signThroughTheConfirmation(robot);
        assertTrue(summary.contains(counted + " white cells counted of 100") && summary.contains("1 not a white cell"), summary);
        assertTrue(summary.lines().anyMatch(l -> l.matches("[a-z]+ \\d+ \\(\\d+ %\\)")), "one line per class found: " + summary);
        assertEquals(SmearStatus.SIGNED, workspace.smears().byId(smear).orElseThrow().status());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.work().idle());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(SmearStatus.SIGNED, window.smearListView().getItems().stream().filter(s -> s.id() == smear).findFirst().orElseThrow().status(),
                "the smear list follows the signing at once");
        assertTrue(robot.lookup("#smearList .list-cell .label").queryAll().stream()
                .anyMatch(n -> ((Label) n).getText().contains(SmearStatus.SIGNED.label())), "and says so");
        assertTrue(robot.lookup("#smearStatus").queryAs(Label.class).getText().contains("signed by dr-test"));

        // locked: keys change nothing
        int before = workspace.decisions().count();
        javafx.scene.Node grid = robot.lookup("#cellGallery").query();
        javafx.geometry.Bounds shownArea = grid.localToScene(grid.getLayoutBounds());
        robot.clickOn(robot.lookup("#cellGallery .grid-cell").match(n -> n instanceof org.controlsfx.control.GridCell<?> g && g.getItem() != null
                && n.isVisible() && shownArea.contains(n.localToScene(n.getLayoutBounds()))).queryAs(javafx.scene.Node.class));
        robot.type(KeyCode.DIGIT2);
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitSaved();
        assertEquals(before, workspace.decisions().count());
        assertTrue(robot.lookup("#statusBar").queryAs(org.controlsfx.control.StatusBar.class).getText().contains("locked"));

        // unsign (audited) unlocks
        robot.interact(() -> window.review().unsign("second look at cell 3"));
        waitSaved();
        assertEquals("smear.unsigned", workspace.audit().latest(1).get(0).action());
        assertEquals(SmearStatus.IN_PROGRESS, workspace.smears().byId(smear).orElseThrow().status());
        assertNotNull(window.review().latencies());
        assertTrue(window.review().latencies().size() >= remaining + 4);
    }

    @Test
    void filterAndOrderTheGallery(FxRobot robot) throws Exception {
        int all = window.galleryItems().size();
        robot.interact(() -> window.gallery().order.setValue(CellGallery.Order.LEAST_CONFIDENT));
        // cells unlike the training data first (ShiftBannerTest), then, within each group, least confident first
        List<org.hemareview.review.StoredPrediction> calls = window.galleryItems().stream().map(c -> window.predictions().get(c.id())).toList();
        for (int i = 1; i < calls.size(); i++) {
            boolean before = calls.get(i - 1).unlikeTraining();
            boolean now = calls.get(i).unlikeTraining();
            assertTrue(before || !now, "unfamiliar cells first");
            assertTrue(before != now || calls.get(i).confidence() >= calls.get(i - 1).confidence(), "least confident first: " + calls);
        }
        robot.interact(() -> window.gallery().selectedProperty().set(window.galleryItems().get(0)));
        robot.clickOn("#cellGallery");
        robot.interact(() -> window.gallery().selectedProperty().set(window.galleryItems().get(0)));
        robot.type(KeyCode.ENTER);
        waitSaved();
        robot.interact(() -> window.gallery().filter.setValue(CellGallery.Filter.UNREVIEWED));
        assertEquals(all - 1, window.galleryItems().size());
        robot.interact(() -> window.gallery().filter.setValue(CellGallery.Filter.CONFIRMED));
        assertEquals(1, window.galleryItems().size());
        robot.interact(() -> window.gallery().filter.setValue(CellGallery.Filter.CHANGED));
        assertEquals(0, window.galleryItems().size());
    }

    @Test
    void fileExportWritesTheReviewedCellsInTheBackground(FxRobot robot) throws Exception {
        robot.interact(() -> window.gallery().selectedProperty().set(window.galleryItems().get(0)));
        robot.clickOn("#cellGallery");
        robot.interact(() -> window.gallery().selectedProperty().set(window.galleryItems().get(0)));
        robot.type(KeyCode.ENTER).type(KeyCode.ENTER);
        waitSaved();
        java.nio.file.Path out = dir.resolve("export-" + System.nanoTime());
        robot.interact(() -> window.exportAction().run(new org.hemareview.dataset.DatasetExport.Options(
                org.hemareview.dataset.DatasetExport.Format.IMAGEFOLDER, true, false), out));
        waitIdle();
        try (var files = java.nio.file.Files.walk(out)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".png")).count());
        }
        assertTrue(robot.lookup("#statusBar").queryAs(org.controlsfx.control.StatusBar.class).getText().startsWith("Exported 2 cells"));
    }

    @Test
    void aSecondReviewerDecidesBlindAndTheAgreementIsShown(FxRobot robot) throws Exception {
        List<Cell> three = List.copyOf(window.galleryItems().subList(0, 3));
        robot.interact(() -> window.gallery().selectedProperty().set(three.get(0)));
        robot.clickOn("#cellGallery");
        robot.interact(() -> window.gallery().selectedProperty().set(three.get(0)));
        robot.type(KeyCode.ENTER).type(KeyCode.ENTER).type(KeyCode.ENTER);
        waitSaved();
        robot.interact(() -> window.review().setReviewer("dr-second"));
        waitSaved();
        assertEquals("Reviewer: dr-second", robot.lookup("#reviewer").queryAs(Label.class).getText());
        assertTrue(window.gallery().stateText(three.get(0)).isEmpty(), "the first reviewer's calls are not shown to the second");
        robot.interact(() -> window.gallery().selectedProperty().set(three.get(0)));
        // agree on the first two, differ on the third (pick a class other than the suggestion)
        String suggested = window.predictions().get(three.get(2).id()).label();
        int other = classes.indexOf(classes.stream().filter(c -> !c.equals(suggested)).findFirst().orElseThrow()) + 1;
        robot.type(KeyCode.ENTER).type(KeyCode.ENTER).type(KeyCode.getKeyCode(Integer.toString(other)));
        waitSaved();
        robot.interact(() -> window.review().reload());
        waitSaved();
        String text = robot.lookup("#agreement").queryAs(Label.class).getText();
        assertTrue(text.contains("dr-test: this smear 2/3"), text);
        assertTrue(text.contains("#" + three.get(2).number()), "the cell they differ on is named: " + text);
        assertEquals(3, workspace.decisions().current(smear, "dr-second").size());
        assertEquals(3, workspace.decisions().current(smear, "dr-test").size());
    }
}
