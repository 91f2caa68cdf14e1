package org.hemareview.ui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.hemareview.review.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The real main window on a fresh workspace file and private preferences, for each test. */
@ExtendWith(ApplicationExtension.class)
abstract class WindowTestBase {
    @TempDir
    static Path dir;
    MainWindow window;
    Workspace workspace;
    AppPreferences prefs;

    /** Preferences to set before the window is built. */
    void configure(AppPreferences p) {
    }

    /** Whether to run the window's start-up (sample smears on a new workspace). */
    boolean startWindow() {
        return true;
    }

    /** Call from the subclass's {@code @Start} method (TestFX looks for it on the test class itself). */
    void open(Stage stage) {
        workspace = Workspace.open(dir.resolve("ws-" + System.nanoTime() + ".db"));
        prefs = new AppPreferences("org/hemareview-test/" + System.nanoTime());
        prefs.setReviewer("dr-test"); // the name dialog is shown only when none is known
        configure(prefs);
        window = new MainWindow(stage, workspace, prefs, p -> { });
        stage.show();
        if (startWindow()) {
            window.start();
        }
    }

    @AfterEach
    void clearPreferences() {
        prefs.clear();
    }

    /**
     * Review > Sign Smear as a reviewer does it: the command, then "Sign" in the confirmation,
     * which must come up once. Returns the count the confirmation showed.
     */
    String signThroughTheConfirmation(org.testfx.api.FxRobot robot) throws Exception {
        javafx.application.Platform.runLater(() -> window.commands().fire("sign"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#signSummary").tryQuery().isPresent());
        String summary = robot.lookup("#signSummary").queryAs(javafx.scene.control.Label.class).getText();
        robot.clickOn(robot.lookup(".dialog-pane .button").match(n -> "Sign".equals(((javafx.scene.control.Button) n).getText()))
                .queryAs(javafx.scene.control.Button.class));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.review().idle() && window.session().locked.get());
        WaitForAsyncUtils.waitForFxEvents();
        org.junit.jupiter.api.Assertions.assertTrue(robot.lookup("#signSummary").tryQuery().isEmpty(), "signing asks once");
        return summary;
    }

    /** Waits until no background task is queued or running, chained ones included. */
    void waitIdle() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.work().idle());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
