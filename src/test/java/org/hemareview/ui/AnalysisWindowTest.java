package org.hemareview.ui;

import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.shape.Polygon;
import org.hemareview.TestFiles;
import org.hemareview.review.Cell;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Analysing a sample smear in the real window: outlines, cell list, selection both ways, delete, draw. */
class AnalysisWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true);
        p.setScale("0.05"); // the composed samples' scale
    }

    @Override
    boolean startWindow() {
        return false;
    }

    private void openAndAnalyse(FxRobot robot) throws Exception {
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(2))));
        waitIdle();
    }

    @Test
    void openingAnalysesAndDrawsOutlinesAndCrops(FxRobot robot) throws Exception {
        openAndAnalyse(robot);
        long smear = window.currentSmearProperty().get().id();
        int stored = workspace.cells().cells(smear).size();
        assertTrue(stored >= 12, "a composed smear has 18 white cells; found " + stored);
        assertEquals(stored, window.galleryItems().size());
        assertEquals(stored, window.outlineCount());
        assertEquals(stored, robot.lookup(".cell-outline").queryAll().size());
        assertTrue(robot.lookup("#statusBar").queryAs(org.controlsfx.control.StatusBar.class).getText().contains("white cells"));
        // re-analysing replaces, never duplicates
        robot.interact(() -> window.smears().analyse());
        waitIdle();
        assertEquals(stored, workspace.cells().cells(smear).size());
    }

    @Test
    void aBlankFieldSaysWhyNoCellWasFound(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        org.hemareview.image.OpenCv.load();
        org.opencv.core.Mat blank = new org.opencv.core.Mat(960, 1280, org.opencv.core.CvType.CV_8UC3, new org.opencv.core.Scalar(235, 225, 240));
        Path file = TestFiles.write(blank, dir.resolve("blank-field.png"));
        blank.release();
        robot.interact(() -> window.smears().openFiles(List.of(file)));
        waitIdle();
        assertEquals(0, workspace.cells().cells(window.currentSmearProperty().get().id()).size());
        String status = robot.lookup("#statusBar").queryAs(org.controlsfx.control.StatusBar.class).getText();
        assertTrue(status.contains("0 white cells") && status.contains("Warning: no stained cells found"), status);
    }

    @Test
    void clickingACropBringsAnOutOfViewCellIntoViewAndClickingAnOutlineSelectsItInTheList(FxRobot robot) throws Exception {
        openAndAnalyse(robot);
        Cell target = window.galleryItems().get(1);
        robot.interact(() -> {
            window.viewer().setZoomAboutCentre(1.0);
            // look at the corner of the smear farthest from the cell, so that it is out of view
            double w = window.currentSmearProperty().get().width();
            double h = window.currentSmearProperty().get().height();
            window.viewer().centreOn(target.centreX() < w / 2 ? w : 0, target.centreY() < h / 2 ? h : 0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(inView(target), "the cell starts out of view");
        robot.clickOn(tileOf(robot, target));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(target, window.selectedCellProperty().get());
        assertTrue(inView(target), "selecting an out-of-view cell pans it into view");
        assertEquals(1.0, window.viewer().zoomProperty().get(), 1e-9, "the zoom the user chose is kept");

        // the whole smear in view: selecting a cell in the gallery does not move the viewer
        robot.interact(() -> window.viewer().fit());
        double[] fitted = window.viewer().centre();
        double fittedZoom = window.viewer().zoomProperty().get();
        Cell third = window.galleryItems().get(2);
        robot.clickOn(tileOf(robot, third));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(third, window.selectedCellProperty().get());
        assertEquals(fitted[0], window.viewer().centre()[0], 1e-6, "a visible cell does not pan the view");
        assertEquals(fitted[1], window.viewer().centre()[1], 1e-6);
        assertEquals(fittedZoom, window.viewer().zoomProperty().get(), 1e-12);

        // now click another cell's outline on the viewer: it becomes selected in the list, the view stays
        robot.interact(() -> window.viewer().fit());
        // a cell whose outline's left-most point lies clear of every other cell (touching cells' outlines overlap)
        Cell other = window.galleryItems().stream().filter(x -> !x.edge() && x.id() != target.id())
                .filter(x -> window.galleryItems().stream().noneMatch(y -> y.id() != x.id() && near(y, leftMost(x), 30)))
                .findFirst().orElseThrow();
        Polygon outline = robot.lookup(".cell-outline").match(n -> ((Cell) n.getUserData()).id() == other.id()).queryAs(Polygon.class);
        Bounds b = outline.localToScreen(outline.getBoundsInLocal());
        double[] before = window.viewer().centre();
        // click on the outline's stroke (its left-most point), since the inside is not a target
        int[] left = leftMost(other);
        javafx.geometry.Point2D onScreen = outline.localToScreen(left[0], left[1]);
        assertNotNull(b);
        robot.clickOn(onScreen.getX(), onScreen.getY());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(other.id(), window.gallery().selectedProperty().get().id());
        assertEquals(before[0], window.viewer().centre()[0], 1e-6, "selecting on the viewer does not move it");
    }

    private static javafx.scene.Node tileOf(FxRobot robot, Cell c) {
        return robot.lookup("#cellGallery .grid-cell").match(n -> n instanceof org.controlsfx.control.GridCell<?> gc && gc.getItem() == c)
                .queryAs(javafx.scene.Node.class);
    }

    /** Whether the cell's box lies wholly inside the viewer. */
    private boolean inView(Cell c) {
        double[] tl = window.viewer().toScreen(c.box().x(), c.box().y());
        double[] br = window.viewer().toScreen(c.box().x() + c.box().width(), c.box().y() + c.box().height());
        return tl[0] >= 0 && tl[1] >= 0 && br[0] <= window.viewer().getWidth() && br[1] <= window.viewer().getHeight();
    }

    private static int[] leftMost(Cell c) {
        return c.polygon().stream().min((p, q) -> Integer.compare(p[0], q[0])).orElseThrow();
    }

    /** Whether point p lies within {@code margin} px of cell c's box. */
    private static boolean near(Cell c, int[] p, int margin) {
        int[] b = c.box().toArray();
        return p[0] >= b[0] - margin && p[1] >= b[1] - margin && p[0] < b[0] + b[2] + margin && p[1] < b[1] + b[3] + margin;
    }

    @Test
    void aReviewerDeletesAFalseCellAndDrawsAMissedOneWhichIsClassified(FxRobot robot) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.hemareview.model.DefaultModel.folder().isPresent(), "models/resnext-cc-slim is absent");
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        openAndAnalyse(robot);
        long smear = window.currentSmearProperty().get().id();
        int before = workspace.cells().cells(smear).size();
        Cell victim = window.galleryItems().get(0);
        robot.interact(() -> window.selectCell(victim, true));
        robot.interact(() -> window.smears().deleteSelectedCell()); // Analysis > Delete Cell (the Delete key marks "not a white cell")
        waitIdle();
        assertEquals(before - 1, workspace.cells().cells(smear).size());
        assertEquals("cell.deleted", workspace.audit().latest(1).get(0).action());
        assertEquals(before - 1, window.outlineCount());

        // draw: toggle, then drag a box on the viewer
        robot.interact(() -> window.viewer().fit());
        robot.clickOn("#drawCell");
        Bounds v = window.viewer().localToScreen(window.viewer().getBoundsInLocal());
        robot.drag(v.getMinX() + v.getWidth() * 0.45, v.getMinY() + v.getHeight() * 0.45, javafx.scene.input.MouseButton.PRIMARY)
                .dropTo(v.getMinX() + v.getWidth() * 0.55, v.getMinY() + v.getHeight() * 0.58);
        waitIdle();
        List<Cell> after = workspace.cells().cells(smear);
        assertEquals(before, after.size());
        Cell drawn = after.get(after.size() - 1);
        assertEquals("reviewer", drawn.source());
        assertTrue(workspace.audit().latest(3).stream().anyMatch(e -> e.action().equals("cell.drawn")), "the drawn cell is audited");
        assertEquals(drawn.id(), window.selectedCellProperty().get().id());
        assertTrue(drawn.box().width() > 100 && drawn.box().height() > 100, "the box is in image pixels");
        // a drawn cell is classified like a found one: a call in the window and in the workspace
        assertNotNull(window.predictions().get(drawn.id()), "the drawn cell has the model's call");
        assertNotNull(workspace.predictions().latest(smear).get(drawn.id()), "and stored");
        assertEquals(window.predictions().get(drawn.id()).label(), workspace.predictions().latest(smear).get(drawn.id()).label());
    }

    @Test
    void cellsAreClassifiedAndExplainedWithTheBundledModel(FxRobot robot) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.hemareview.model.DefaultModel.folder().isPresent(), "models/resnext-cc-slim is absent");
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        assertNotNull(window.classifierProperty().get(), "the bundled model loads");
        openAndAnalyse(robot);
        int cells = window.galleryItems().size();
        assertEquals(cells, window.predictions().size(), "every cell has a call");
        List<String> classes = window.classifierProperty().get().manifest().classes();
        window.predictions().values().forEach(p -> assertTrue(classes.contains(p.label()) && p.confidence() > 0 && p.confidence() <= 1));
        // stored with the model version, and audited
        long smear = window.currentSmearProperty().get().id();
        assertEquals(cells, workspace.predictions().latest(smear).size());
        assertTrue(workspace.audit().latest(5).stream().anyMatch(e -> e.action().equals("smear.classified")));

        Cell first = window.galleryItems().get(0);
        robot.interact(() -> window.selectCell(first, true));
        // the crop decodes in the background and Grad-CAM starts once the selection rests (150 ms)
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS, () -> window.cellPanel().hasMap() && window.cellPanel().cropImage() != null);
        waitIdle();
        String label = window.predictions().get(first.id()).label();
        assertTrue(robot.lookup("#cellTitle").queryAs(javafx.scene.control.Label.class).getText().contains(label));
        assertTrue(window.cellPanel().hasMap(), "a Grad-CAM map is shown");
        assertNotNull(window.cellPanel().cropImage(), "the crop is shown under the map");
        var crop = window.cellPanel().cropView();
        javafx.geometry.Bounds shown = crop.localToScreen(crop.getBoundsInLocal());
        javafx.geometry.Bounds panel = window.gallery().root.localToScreen(window.gallery().root.getBoundsInLocal());
        assertTrue(shown.getMinX() >= panel.getMinX() - 1 && shown.getMaxX() <= panel.getMaxX() + 1,
                "the crop lies within the right-hand column: " + shown + " vs " + panel);
        assertTrue(window.cellPanel().explainsText().contains(label), window.cellPanel().explainsText());
        String other = classes.stream().filter(c -> !c.equals(label)).findFirst().orElseThrow();
        robot.interact(() -> window.cellPanel().explainClass.setValue(other));
        waitIdle();
        assertTrue(window.cellPanel().explainsText().contains(other), "the map now explains the picked class");
        assertTrue(window.cellPanel().explainsText().contains("LayerCAM") && window.cellPanel().explainsText().contains("fourth stage (Conv4)"),
                "the pointing game's choice by default: " + window.cellPanel().explainsText());
        robot.interact(() -> window.cellPanel().method.setValue(org.hemareview.classify.CamMethod.GRAD_CAM_PLUS_PLUS));
        waitIdle();
        assertTrue(window.cellPanel().explainsText().contains("Grad-CAM++") && window.cellPanel().explainsText().contains(other),
                "another method redraws the map of the same class: " + window.cellPanel().explainsText());
        robot.interact(() -> window.cellPanel().faithfulness.fire());
        waitIdle();
        assertTrue(window.cellPanel().faithfulnessText().matches("Deletion AUC 0\\.\\d+ against 0\\.\\d+ in a random order: .*"),
                window.cellPanel().faithfulnessText());
        robot.interact(() -> window.cellPanel().showMap.setSelected(false));
        assertTrue(!robot.lookup("#gradcamImage").query().isVisible(), "the overlay can be switched off");
    }
}
