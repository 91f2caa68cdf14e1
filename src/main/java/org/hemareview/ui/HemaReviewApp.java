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

    /** Starts the GUI and blocks until the last window closes. */
    public static void launch(Path workspaceFile, List<Path> images) {
        List<String> args = new ArrayList<>();
        args.add("--workspace=" + workspaceFile.toAbsolutePath());
        images.forEach(p -> args.add(p.toAbsolutePath().toString()));
        Application.launch(HemaReviewApp.class, args.toArray(String[]::new));
    }

    @Override
    public void start(Stage stage) {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> logger.error("uncaught on {}", t.getName(), e));
        String file = getParameters().getNamed().get("workspace");
        List<Path> images = getParameters().getUnnamed().stream().map(Path::of).toList();
        openWindow(stage, Path.of(file), images);
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
