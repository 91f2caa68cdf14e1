package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** Every command is declared once: the menu item and the toolbar button are the same command, and grey out together. */
class CommandsTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    private MenuItem menuItem(FxRobot robot, String id) {
        return robot.lookup(".menu-bar").queryAs(MenuBar.class).getMenus().stream().flatMap(m -> m.getItems().stream())
                .flatMap(i -> i instanceof javafx.scene.control.Menu sub ? java.util.stream.Stream.concat(java.util.stream.Stream.of(i),
                        sub.getItems().stream()) : java.util.stream.Stream.of(i))
                .filter(i -> ("menu-" + id).equals(i.getId())).findFirst().orElseThrow();
    }

    @Test
    void commandsGreyOutUntilTheyCanRunInMenuAndToolbarAlike(FxRobot robot) throws Exception {
        Button analyse = robot.lookup("#tool-analyse").queryButton();
        assertTrue(analyse.isDisabled() && menuItem(robot, "analyse").isDisable(), "nothing to analyse before a smear is open");
        assertTrue(menuItem(robot, "sign").isDisable() && menuItem(robot, "deleteCell").isDisable() && menuItem(robot, "confirm").isDisable());
        assertEquals("Find and classify the white cells (Ctrl+R)", analyse.getTooltip().getText().replace("Shortcut", "Ctrl"));
        assertEquals(menuItem(robot, "analyse").getAccelerator(), window.commands().get("analyse").getAccelerator(),
                "the menu shows the declared shortcut");
        assertTrue(menuItem(robot, "confirm").getText().endsWith("Enter") && menuItem(robot, "confirm").getAccelerator() == null,
                "a review key is shown, not registered as a second accelerator");

        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(3))));
        waitIdle();
        assertFalse(analyse.isDisabled() || menuItem(robot, "analyse").isDisable(), "a smear is open and unsigned");
        assertTrue(menuItem(robot, "deleteCell").isDisable(), "no cell is selected");
        assertTrue(menuItem(robot, "unsign").isDisable(), "the smear is not signed");
        robot.interact(() -> window.session().locked.set(true));
        assertTrue(analyse.isDisabled() && menuItem(robot, "sign").isDisable() && !menuItem(robot, "unsign").isDisable(),
                "a signed smear cannot be analysed or signed again; it can be unsigned");
        assertFalse(window.commands().fire("analyse"), "a greyed-out command does not run from a key either");
    }
}
