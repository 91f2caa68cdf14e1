package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.review.Cell;
import org.hemareview.review.SmearShift;
import org.hemareview.review.StoredPrediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The "unlike the training data" banner in the real window with the bundled model: a Raabin field
 * (a lab none of our models learnt from: smartphone camera, another stain) carries it; a smear made of PBC's own fields
 * (the sample PBC crops tiled, at PBC's 0.1 um/px) does not. Least confident first lists the
 * unfamiliar cells before all others, and their tiles and the cell panel say so.
 */
class ShiftBannerTest extends WindowTestBase {
    @TempDir
    Path tmp;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true);
    }

    @Test
    void aFieldOfAnotherLabCarriesTheBannerAndItsCellsAreMarked(FxRobot robot) throws Exception {
        Path field = TestFiles.samples().resolve("raabin/raabin-00dae381.jpg");
        waitIdle(); // the model is loaded at start
        robot.interact(() -> window.smears().openFiles(List.of(field)));
        waitIdle();
        assertFalse(window.predictions().isEmpty(), "the Raabin field's cell was classified");
        assertTrue(window.predictions().values().stream().allMatch(p -> p.shift() != null), "every call carries a shift score");
        assertTrue(window.showsShiftBanner(), "a Raabin field is unlike every lab the bundled model learnt from: "
                + SmearShift.of(window.predictions().values()).text());
        assertTrue(robot.lookup("#shift-banner").queryLabeled().isVisible());
        assertEquals(SmearShift.BANNER, robot.lookup("#shift-banner").queryLabeled().getText());
        assertTrue(robot.lookup(".grid-cell").queryAll().stream().map(n -> ((javafx.scene.control.Cell<?>) n))
                .filter(c -> c.getItem() != null).anyMatch(c -> c.getAccessibleText().contains("unlike the training data")), "the gallery marks the cells");
        Cell first = window.galleryItems().get(0);
        robot.interact(() -> window.gallery().selectedProperty().set(first));
        waitIdle();
        assertTrue(robot.lookup("#cellUnfamiliar").queryLabeled().isVisible());
        String panel = robot.lookup("#cellUnfamiliar").queryLabeled().getText();
        assertTrue(panel.startsWith("Unlike the training data"), panel);
    }

    @Test
    void aSmearOfTheTrainingLabsOwnFieldsHasNoBannerAndUnfamiliarCellsComeFirst(FxRobot robot) throws Exception {
        Path smear = pbcMosaic();
        waitIdle();
        robot.interact(() -> window.smears().openFiles(List.of(smear)));
        waitIdle();
        assertTrue(window.predictions().size() >= 12, "the 16 PBC fields' white cells were found and classified: " + window.predictions().size());
        SmearShift shift = SmearShift.of(window.predictions().values());
        assertFalse(window.showsShiftBanner(), "PBC's own fields look like the training data: " + shift.text());
        assertFalse(robot.lookup("#shift-banner").queryLabeled().isVisible());

        robot.interact(() -> window.gallery().order.setValue(CellGallery.Order.LEAST_CONFIDENT));
        List<Boolean> unfamiliar = new ArrayList<>();
        for (Cell c : window.galleryItems()) {
            StoredPrediction p = window.predictions().get(c.id());
            unfamiliar.add(p != null && p.unlikeTraining());
        }
        int firstFamiliar = unfamiliar.indexOf(false);
        assertTrue(firstFamiliar >= 0, "most cells are familiar");
        assertFalse(unfamiliar.subList(firstFamiliar, unfamiliar.size()).contains(true), "unfamiliar cells come before all others: " + unfamiliar);
        assertTrue(unfamiliar.contains(true), "this smear has a few unfamiliar cells, scored above the 99th percentile (" + shift.text()
                + "); without one the order is not tested");
        // among the familiar ones, least confident first as before
        List<Double> conf = window.galleryItems().subList(firstFamiliar, window.galleryItems().size()).stream()
                .map(c -> window.predictions().get(c.id()).confidence()).toList();
        for (int i = 1; i < conf.size(); i++) {
            assertTrue(conf.get(i - 1) <= conf.get(i), "least confident first: " + conf);
        }
    }

    @Test
    void adaptingToThisLabsStainRegistersAVersionAndPromotesNothing(FxRobot robot) throws Exception {
        waitIdle();
        for (int n : new int[] {1, 3}) { // two smears analysed: 36 cells, more than the 32 the statistics need
            robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(n))));
            waitIdle();
        }
        String activeBefore = window.classifierProperty().get().version();
        robot.interact(() -> window.commands().fire("adaptStatistics"));
        waitIdle();
        var adapted = window.models().adapted;
        org.junit.jupiter.api.Assertions.assertNotNull(adapted, "a version was registered");
        assertTrue(adapted.manifest().version().endsWith("-lab"), adapted.manifest().version());
        assertTrue(String.valueOf(adapted.manifest().training().get("lab_statistics")).contains("unreviewed crops"));
        assertEquals(activeBefore, window.classifierProperty().get().version(), "nothing is promoted without a person");
        String status = robot.lookup("#statusBar").queryAs(org.controlsfx.control.StatusBar.class).getText();
        assertTrue(status.contains("Registered " + adapted.id()) && status.contains("Models"), status);
    }

    /** The sample PBC crops (360 x 360 px fields of view, 0.1 um/px) tiled 4 x 4 into one image, the scale beside it. */
    private Path pbcMosaic() throws Exception {
        org.hemareview.image.OpenCv.load();
        List<Path> crops;
        try (var s = Files.walk(TestFiles.samples().resolve("pbc-cells"))) {
            crops = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertEquals(16, crops.size());
        Mat mosaic = new Mat(1440, 1440, org.opencv.core.CvType.CV_8UC3);
        for (int i = 0; i < 16; i++) {
            Mat crop = Imgcodecs.imread(crops.get(i).toString());
            Mat tile = crop.submat(new Rect(0, 0, 360, 360));
            tile.copyTo(mosaic.submat(new Rect(360 * (i % 4), 360 * (i / 4), 360, 360)));
            tile.release();
            crop.release();
        }
        Path file = TestFiles.write(mosaic, tmp.resolve("pbc-mosaic.png"));
        mosaic.release();
        Files.writeString(tmp.resolve("pbc-mosaic.json"), "{\"scale_um_per_px\": 0.1}");
        return file;
    }
}
