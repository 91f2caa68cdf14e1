package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.testfx.framework.junit5.Start;

/**
 * With the lab's scale left at "auto", a smear that carries its own scale beside it (the composed
 * samples' JSON, or a microscope TIFF's resolution tags) is analysed at that scale — so the learned
 * split of touching cells works on the samples out of the box — and one without at an estimated scale.
 */
class SmearScaleWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true);
        p.setScale("auto");
    }

    @Override
    boolean startWindow() {
        return false;
    }

    private String analysedStatus(FxRobot robot, Path image) throws Exception {
        robot.interact(() -> window.smears().openFiles(List.of(image)));
        waitIdle();
        return robot.lookup("#statusBar").queryAs(org.controlsfx.control.StatusBar.class).getText();
    }

    @Test
    void aSmearWithItsScaleBesideItIsAnalysedAtThatScale(FxRobot robot) throws Exception {
        String status = analysedStatus(robot, TestFiles.composedSmear(2));
        assertTrue(status.contains("0.050 µm/px, beside-image"), status);
    }

    @Test
    void aMicroscopeTiffIsAnalysedAtTheScaleInItsResolutionTags(FxRobot robot) throws Exception {
        OpenCv.load();
        Path tiff = Files.createDirectories(dir.resolve("tiff-" + System.nanoTime())).resolve("smear.tif");
        Mat bgr = Imgcodecs.imread(TestFiles.composedSmear(2).toString());
        try {
            // 200,000 px per cm: 0.05 µm/px, as a microscope camera writes it
            Imgcodecs.imwrite(tiff.toString(), bgr, new MatOfInt(Imgcodecs.IMWRITE_TIFF_RESUNIT, 3, Imgcodecs.IMWRITE_TIFF_XDPI, 200_000,
                    Imgcodecs.IMWRITE_TIFF_YDPI, 200_000));
        } finally {
            bgr.release();
        }
        String status = analysedStatus(robot, tiff);
        assertTrue(status.contains("0.050 µm/px, tiff-tags"), status);
    }

    @Test
    void aSmearWithoutOneIsAnalysedAtAnEstimatedScale(FxRobot robot) throws Exception {
        Path alone = Files.createDirectories(dir.resolve("alone-" + System.nanoTime())).resolve("smear.jpg");
        Files.copy(TestFiles.composedSmear(2), alone);
        String status = analysedStatus(robot, alone);
        assertTrue(status.contains("estimated"), status);
    }
}
