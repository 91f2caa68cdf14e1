package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.DialogPane;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.hemareview.analysis.AboutText;
import org.hemareview.classify.CellClassifier;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Help ▸ Keyboard Shortcuts lists the registry's shortcuts and the model's class keys; Help ▸ About names the model and its intended use. */
class HelpMenuTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    private TextArea shown(FxRobot robot, String command, String id) throws Exception {
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> window.session().classifier.get() != null);
        robot.interact(() -> assertTrue(window.commands().fire(command)));
        WaitForAsyncUtils.waitForFxEvents();
        TextArea area = robot.lookup("#" + id).queryAs(TextArea.class);
        assertNotNull(area, command + " showed no dialog");
        return area;
    }

    /** OK, as the user would: the dialog closes through its own button. */
    private void dismiss(FxRobot robot) {
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        robot.interact(() -> ((javafx.scene.control.Button) pane.lookupButton(javafx.scene.control.ButtonType.OK)).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "the dialog closed");
        try {
            WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> window.work().idle()); // the start's own tasks end here, not in the next test
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("background work did not finish", e);
        }
    }

    @Test
    void shortcutsListEveryAcceleratorReviewKeyAndClassKey(FxRobot robot) throws Exception {
        String text = shown(robot, "shortcuts", "help-shortcuts").getText();
        CellClassifier c = window.session().classifier.get();
        assertTrue(text.contains("Analyse Smear") && text.contains("Undo Decision") && text.contains("Enter") && text.contains("Del"), text);
        for (int i = 0; i < Math.min(10, c.manifest().classes().size()); i++) {
            String line = String.format("%-14s %s", ClassKeys.label(i), "Assign " + c.manifest().classes().get(i));
            assertTrue(text.contains(line), "missing '" + line + "' in\n" + text);
        }
        dismiss(robot);
    }

    @Test
    void aboutPutsTheModelsIntendedUseFirstAndNamesDeviceModelAndCard(FxRobot robot) throws Exception {
        TextArea area = shown(robot, "about", "help-about");
        CellClassifier c = window.session().classifier.get();
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertEquals(AboutText.notice(c.manifest()), pane.getHeaderText());
        String text = area.getText();
        assertTrue(text.contains("Device: ") && text.contains("Model: " + c.manifest().name()) && text.contains("MODEL_CARD.md"), text);
        dismiss(robot);
    }

    @Test
    void theUserGuideOpensFromTheJarNotFromTheWorkingFolder(FxRobot robot) throws Exception {
        String text = shown(robot, "guide", "help-guide").getText();
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("docs/user-guide.md"));
        assertEquals(guide, text, "the guide as shipped, from the class path");
        assertTrue(window.commands().get("guide") != null);
        dismiss(robot);
    }
}
