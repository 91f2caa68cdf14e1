package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The main window's first size, its remembered place, its minimum sizes, and secondary windows centred on it. */
class WindowPlacementTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    @Test
    void theFirstStartTakesEightyPercentOfTheScreenCentred() {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Stage s = window.stage();
        assertEquals(Math.round(screen.getWidth() * 0.8), s.getWidth(), 1.0);
        assertEquals(Math.round(screen.getHeight() * 0.8), s.getHeight(), 1.0);
        assertEquals(screen.getMinX() + screen.getWidth() / 2, s.getX() + s.getWidth() / 2, 1.0);
        assertEquals(screen.getMinY() + screen.getHeight() / 2, s.getY() + s.getHeight() / 2, 1.0);
        assertTrue(s.getMinWidth() >= 900 && s.getMinHeight() >= 560, "a minimum size: " + s.getMinWidth() + "x" + s.getMinHeight());
    }

    @Test
    void thePlaceIsRememberedPerScreenLayoutAndIgnoredWhenOffEveryScreen(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.stage().setX(40);
            window.stage().setY(30);
            window.stage().setWidth(1100);
            window.stage().setHeight(700);
            window.stage().close();
        });
        String layout = WindowPlacement.screenLayout();
        assertEquals(1100, prefs.windowBounds(layout).orElseThrow()[2], 0.5, "saved on close");

        Stage[] again = new Stage[1];
        robot.interact(() -> {
            again[0] = new Stage();
            new MainWindow(again[0], workspace, prefs, p -> { });
            again[0].show();
        });
        assertEquals(40, again[0].getX(), 0.5);
        assertEquals(30, again[0].getY(), 0.5);
        assertEquals(1100, again[0].getWidth(), 0.5);
        assertEquals(700, again[0].getHeight(), 0.5);
        robot.interact(() -> again[0].close());

        // a place on a monitor that is gone: the first-start place instead
        prefs.setWindowBounds(layout, new double[] {5000, 4000, 1100, 700});
        robot.interact(() -> {
            again[0] = new Stage();
            new MainWindow(again[0], workspace, prefs, p -> { });
            again[0].show();
        });
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertEquals(Math.round(screen.getWidth() * 0.8), again[0].getWidth(), 1.0);
        assertTrue(screen.contains(again[0].getX(), again[0].getY()));
        robot.interact(() -> again[0].close());
        // another screen layout has its own entry
        assertTrue(prefs.windowBounds(layout + ",1280x800+1600+0").isEmpty());
    }

    @Test
    void theModelsWindowOpensCentredOnTheMainWindow(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.stage().setX(100);
            window.stage().setY(50);
            window.stage().setWidth(1300);
            window.stage().setHeight(850);
        });
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        ModelsWindow[] w = new ModelsWindow[1];
        robot.interact(() -> w[0] = window.models().openModels());
        waitIdle();
        WaitForAsyncUtils.waitForFxEvents();
        Stage main = window.stage();
        Stage models = w[0].stage;
        assertEquals(main.getX() + main.getWidth() / 2, models.getX() + models.getWidth() / 2, 2.0, "centred across");
        assertEquals(main.getY() + main.getHeight() / 2, models.getY() + models.getHeight() / 2, 2.0, "centred down");
        robot.interact(() -> models.close());
    }
}
