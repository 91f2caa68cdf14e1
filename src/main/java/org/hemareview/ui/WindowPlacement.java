package org.hemareview.ui;

import java.util.Optional;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Where windows open. The main window comes back where the user left it on the same screen
 * layout (a laptop alone and the laptop with its monitor are remembered apart); the first time,
 * and when the remembered place is off every screen, it takes 80 % of the primary screen,
 * centred. Sizes are set on the stage itself, not only on the scene: some window managers
 * (openbox) otherwise open it at their own default of 200 x 200.
 */
final class WindowPlacement {
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(WindowPlacement.class);
    static final double FIRST_SHARE = 0.8;
    static final double MIN_WIDTH = 960;
    static final double MIN_HEIGHT = 600;

    private WindowPlacement() {
    }

    /** Sizes and places the main window before it is shown, and saves its place whenever it closes. */
    static void restore(Stage stage, AppPreferences prefs) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setMinWidth(Math.min(MIN_WIDTH, screen.getWidth()));
        stage.setMinHeight(Math.min(MIN_HEIGHT, screen.getHeight()));
        String key = screenLayout();
        Optional<double[]> saved = prefs.windowBounds(key).filter(WindowPlacement::onSomeScreen);
        Rectangle2D first = firstBounds(screen);
        double[] b = saved.orElse(new double[] {first.getMinX(), first.getMinY(), first.getWidth(), first.getHeight()});
        place(stage, b);
        if (saved.isPresent()) {
            stage.setMaximized(prefs.windowMaximized(key));
        }
        // some window managers (openbox) map the window at its minimum size hints and ignore the size
        // asked for before it was shown: ask again once it is on screen
        javafx.event.EventHandler<javafx.stage.WindowEvent> again = new javafx.event.EventHandler<>() {
            @Override
            public void handle(javafx.stage.WindowEvent e) {
                stage.removeEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, this);
                // the window manager's answer arrives after the window is shown: look twice
                for (int ms : new int[] {300, 1200}) {
                    javafx.animation.PauseTransition check = new javafx.animation.PauseTransition(javafx.util.Duration.millis(ms));
                    check.setOnFinished(x -> {
                        logger.debug("screen {} asked {} got {}x{} at {},{}", screen, java.util.Arrays.toString(b), stage.getWidth(), stage.getHeight(),
                                stage.getX(), stage.getY());
                        // only the window manager's shrink to the minimum is undone, never a size the user chose since
                        boolean atMinimum = stage.getWidth() <= stage.getMinWidth() + 2 && stage.getHeight() <= stage.getMinHeight() + 2;
                        if (!stage.isMaximized() && atMinimum && (b[2] > stage.getWidth() + 2 || b[3] > stage.getHeight() + 2)) {
                            place(stage, b);
                        }
                    });
                    check.play();
                }
            }
        };
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, again);
        // saved as it changes (after a pause), not only on close: a killed process keeps its place too
        javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(600));
        later.setOnFinished(e -> {
            if (stage.isShowing()) {
                save(stage, prefs, key);
            }
        });
        javafx.beans.InvalidationListener moved = o -> later.playFromStart();
        stage.xProperty().addListener(moved);
        stage.yProperty().addListener(moved);
        stage.widthProperty().addListener(moved);
        stage.heightProperty().addListener(moved);
        stage.maximizedProperty().addListener(moved);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDING, e -> {
            later.stop();
            save(stage, prefs, key);
        });
    }

    private static void place(Stage stage, double[] b) {
        stage.setX(b[0]);
        stage.setY(b[1]);
        stage.setWidth(b[2]);
        stage.setHeight(b[3]);
    }

    /** 80 % of the screen (never below the minimum window size), centred. */
    static Rectangle2D firstBounds(Rectangle2D screen) {
        double w = Math.min(screen.getWidth(), Math.max(MIN_WIDTH, Math.round(screen.getWidth() * FIRST_SHARE)));
        double h = Math.min(screen.getHeight(), Math.max(MIN_HEIGHT, Math.round(screen.getHeight() * FIRST_SHARE)));
        return new Rectangle2D(screen.getMinX() + (screen.getWidth() - w) / 2, screen.getMinY() + (screen.getHeight() - h) / 2, w, h);
    }

    static void save(Stage stage, AppPreferences prefs, String key) {
        if (!stage.isMaximized() && !stage.isIconified()) {
            prefs.setWindowBounds(key, new double[] {stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()});
        }
        prefs.setWindowMaximized(key, stage.isMaximized());
    }

    /** The screens as they are arranged now, e.g. "1920x1080+0+0,1280x800+1920+0". */
    static String screenLayout() {
        StringBuilder sb = new StringBuilder();
        for (Screen s : Screen.getScreens()) {
            Rectangle2D b = s.getBounds();
            sb.append(sb.isEmpty() ? "" : ",").append((int) b.getWidth()).append('x').append((int) b.getHeight())
                    .append('+').append((int) b.getMinX()).append('+').append((int) b.getMinY());
        }
        return sb.toString();
    }

    /** Whether the window's title bar (its top 40 px, 200 px of its width) would be on a screen. */
    private static boolean onSomeScreen(double[] b) {
        Rectangle2D title = new Rectangle2D(b[0], b[1], Math.min(200, b[2]), 40);
        return b[2] >= 100 && b[3] >= 100 && Screen.getScreens().stream().anyMatch(s -> s.getVisualBounds().intersects(title));
    }

    /**
     * Centres a secondary window on its owner once it has its size (and keeps it on the owner's
     * screen), rather than leaving the place to the window manager.
     */
    static void centreOnOwner(Stage child, Window owner) {
        child.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> centre(child, owner));
    }

    /** Centres {@code child} on {@code owner} as they are now, kept on the owner's screen (on the screen alone without an owner). */
    static void centre(Stage child, Window owner) {
        if (owner == null || !owner.isShowing()) {
            child.centerOnScreen();
            return;
        }
        Rectangle2D screen = screenOf(owner);
        double x = owner.getX() + (owner.getWidth() - child.getWidth()) / 2;
        double y = owner.getY() + (owner.getHeight() - child.getHeight()) / 2;
        child.setX(Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - child.getWidth())));
        child.setY(Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - child.getHeight())));
    }

    /** The visual bounds of the screen a window is (mostly) on. */
    static Rectangle2D screenOf(Window w) {
        return Screen.getScreensForRectangle(w.getX(), w.getY(), Math.max(1, w.getWidth()), Math.max(1, w.getHeight())).stream()
                .findFirst().orElse(Screen.getPrimary()).getVisualBounds();
    }
}
