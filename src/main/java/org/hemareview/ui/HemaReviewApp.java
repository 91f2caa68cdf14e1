package org.hemareview.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.hemareview.review.Workspace;
import org.hemareview.review.WorkspaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: opens the workspace given on the command line and shows the main window. */
public final class HemaReviewApp extends Application {
    private static final Logger logger = LoggerFactory.getLogger(HemaReviewApp.class);
    private Workspace workspace;

    /**
     * JavaFX warns on every start that it runs from the class path ("Unsupported JavaFX
     * configuration"): our own packaging choice (a plain jar, so the commands run without JavaFX),
     * not something a user can act on. Held here so the setting is not garbage-collected.
     */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");
    /** "Created user preferences directory." on a first start: an INFO line of the JDK's, not news to the user. */
    private static final java.util.logging.Logger PREFS_LOG = java.util.logging.Logger.getLogger("java.util.prefs");

    /** Starts the GUI and blocks until the last window closes. */
    public static void launch(Path workspaceFile, List<Path> images) {
        JAVAFX_LOG.setLevel(java.util.logging.Level.SEVERE);
        PREFS_LOG.setLevel(java.util.logging.Level.WARNING);
        List<String> args = new ArrayList<>();
        args.add("--workspace=" + workspaceFile.toAbsolutePath());
        images.forEach(p -> args.add(p.toAbsolutePath().toString()));
        try {
            Application.launch(HemaReviewApp.class, args.toArray(String[]::new));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            String why = whyNoWindow(e);
            if (why == null) {
                throw e;
            }
            throw new IllegalStateException(why, e);
        }
    }

    /** What the user can do when the toolkit cannot start, or null for another failure. */
    static String whyNoWindow(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        String text = all.toString();
        if (text.contains("GTK") || text.contains("libgtk") || text.contains("glass")) {
            return "the window needs GTK 3, which is not installed (Debian/Ubuntu: sudo apt-get install libgtk-3-0); "
                    + "the commands run without it: hemareview --help";
        }
        if (text.contains("DISPLAY") || text.contains("display")) {
            return "no display to open the window on (DISPLAY is not set); the commands run without one: hemareview --help";
        }
        return null;
    }

    @Override
    public void start(Stage stage) {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> logger.error("uncaught on {}", t.getName(), e));
        String file = getParameters().getNamed().get("workspace");
        List<Path> images = getParameters().getUnnamed().stream().map(Path::of).toList();
        if (!org.hemareview.model.EngineSetup.firstStart()) {
            openWindow(stage, Path.of(file), images);
            return;
        }
        // first start: the engine's natives unpack (~20 s) behind a splash, not behind a frozen screen
        Stage splash = splash();
        Thread t = new Thread(() -> {
            try {
                org.hemareview.model.EngineSetup.warmUp();
            } catch (RuntimeException e) {
                logger.error("the PyTorch engine did not start: {}", e.getMessage(), e); // the window says so when a model loads
            }
            Platform.runLater(() -> {
                splash.close();
                openWindow(stage, Path.of(file), images);
            });
        }, "engine-first-start");
        t.setDaemon(true);
        t.start();
    }

    private static Stage splash() {
        Stage s = new Stage(javafx.stage.StageStyle.UTILITY);
        s.setTitle("HemaReview");
        javafx.scene.control.Label title = new javafx.scene.control.Label("HemaReview is starting for the first time");
        title.setStyle("-fx-font-size: 1.3em; -fx-font-weight: bold;");
        javafx.scene.control.Label text = new javafx.scene.control.Label(org.hemareview.model.EngineSetup.NOTICE);
        text.setWrapText(true);
        text.setId("first-start-notice");
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar(javafx.scene.control.ProgressBar.INDETERMINATE_PROGRESS);
        bar.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(14, title, text, bar);
        box.setPadding(new javafx.geometry.Insets(24));
        box.setPrefWidth(520);
        s.setScene(new javafx.scene.Scene(box));
        s.centerOnScreen();
        s.show();
        return s;
    }

    private void openWindow(Stage stage, Path file, List<Path> images) {
        try {
            Workspace opened = Workspace.open(file);
            if (workspace != null) {
                workspace.close();
            }
            workspace = opened;
            MainWindow window = new MainWindow(stage, workspace, AppPreferences.user(), next -> openWindow(stage, next, List.of()));
            AppPreferences.user().setLastWorkspace(file);
            stage.show();
            window.start();
            if (!images.isEmpty()) {
                window.smears().openFiles(images);
            }
        } catch (WorkspaceException e) {
            logger.error("workspace {}: {}", file, e.getMessage());
            javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR, e.getMessage());
            a.setHeaderText("The workspace cannot be opened");
            a.showAndWait();
            if (workspace == null) {
                Platform.exit();
            }
        }
    }

    @Override
    public void stop() {
        if (workspace != null) {
            workspace.close();
        }
    }
}
