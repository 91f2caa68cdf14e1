package org.hemareview.ui;

import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.control.Label;
import org.hemareview.TestFiles;
import org.hemareview.review.Workspace;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the real main window (headless Monocle) on a real workspace file. */
class MainWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }


    private String label(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Label.class).getText();
    }

    @Test
    void aNewWorkspaceOffersTheSampleSmears(FxRobot robot) throws Exception {
        waitIdle();
        int samples = org.hemareview.dataset.SampleData.smears().size();
        assertTrue(samples >= 8, "composed and BCCD samples ship: " + samples);
        assertEquals(samples, window.smearListView().getItems().size());
        assertEquals(samples, workspace.smears().count());
    }

    @Test
    void opensASampleSmearZoomsAndFits(FxRobot robot) throws Exception {
        waitIdle();
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(1))));
        waitIdle();
        assertTrue(window.viewer().hasImage());
        assertEquals("2560 \u00D7 1920 px", label(robot, "imageSize"));
        assertEquals("composed-001.jpg", window.currentSmearProperty().get().name());
        double fitted = window.viewer().zoomProperty().get();
        assertTrue(fitted < 1 && fitted > 0.05, "a 2560-px smear is fitted below 100 %: " + fitted);
        assertEquals(String.format("%.0f %%", fitted * 100), label(robot, "zoom"));

        robot.interact(() -> window.viewer().zoomIn());
        assertEquals(fitted * 1.25, window.viewer().zoomProperty().get(), 1e-9);
        robot.interact(() -> window.viewer().actualSize());
        assertEquals("100 %", label(robot, "zoom"));
        robot.interact(() -> window.viewer().zoomOut());
        assertEquals("80 %", label(robot, "zoom"));
        robot.interact(() -> window.viewer().fit());
        assertEquals(fitted, window.viewer().zoomProperty().get(), 1e-9);

        // the wheel zooms about the cursor: the image point under it stays put
        robot.moveTo(window.viewer());
        WaitForAsyncUtils.waitForFxEvents();
        String before = label(robot, "cursor");
        double[] under = cursorImagePoint(window);
        robot.scroll(3, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        // three wheel notches, 15 % each (the robot's wheel direction differs between platforms)
        double ratio = window.viewer().zoomProperty().get() / fitted;
        assertEquals(1.0, Math.abs(Math.log(ratio)) / (3 * Math.log(1.15)), 1e-6, "wheel zoomed by three steps: " + ratio);
        robot.moveBy(1, 0).moveBy(-1, 0);
        WaitForAsyncUtils.waitForFxEvents();
        double[] after = cursorImagePoint(window);
        assertTrue(before.startsWith("x "), before);
        assertEquals(under[0], after[0], 2.0, "image point under the cursor stays put");
        assertEquals(under[1], after[1], 2.0);
        assertTrue(prefs.recentFiles().get(0).endsWith("composed-001.jpg"), "added to recent files");
    }

    private static double[] cursorImagePoint(MainWindow w) {
        return new double[] {w.viewer().cursorXProperty().get(), w.viewer().cursorYProperty().get()};
    }

    @Test
    void keyboardPansTheView(FxRobot robot) throws Exception {
        waitIdle();
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(2))));
        waitIdle();
        robot.interact(() -> window.viewer().actualSize());
        double[] c0 = window.viewer().centre();
        robot.clickOn(window.viewer());
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        double[] c1 = window.viewer().centre();
        assertTrue(c1[0] > c0[0], "right arrow moves the view right");
        assertEquals(c0[1], c1[1], 1e-9);
    }

    @Test
    void aCorruptFileShowsAnErrorAndChangesNothing(FxRobot robot) throws Exception {
        waitIdle();
        int smears = workspace.smears().count();
        long events = workspace.audit().count();
        byte[] jpeg = Files.readAllBytes(TestFiles.composedSmear(4));
        Path broken = Files.write(dir.resolve("broken smear.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
        robot.interact(() -> window.smears().openFiles(List.of(broken)));
        waitIdle();
        String error = window.lastErrorProperty().get();
        assertNotNull(error);
        assertTrue(error.contains("broken smear.jpg") && error.contains("truncated"), error);
        Label details = robot.lookup("#errorDetails").queryAs(Label.class);
        assertTrue(details.getText().contains("truncated"), "the dialog says why");
        assertEquals(smears, workspace.smears().count());
        assertEquals(events, workspace.audit().count());
        assertFalse(window.viewer().hasImage(), "nothing half-loaded is shown");
    }
}
